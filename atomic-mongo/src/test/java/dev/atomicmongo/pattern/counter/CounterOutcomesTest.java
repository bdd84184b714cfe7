package dev.atomicmongo.pattern.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atomicmongo.ConditionFailedException;
import dev.atomicmongo.ConditionRefusal;
import dev.atomicmongo.DocumentNotFoundException;
import dev.atomicmongo.NotFoundRefusal;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.junit.jupiter.api.Test;

/** The outcomes of the counter patterns: each refusal is a typed record whose exception carries it. */
class CounterOutcomesTest {
    private static final BsonDocument ID = BsonDocument.parse("{_id: 'sku'}");
    private static final BsonDocument ENOUGH = BsonDocument.parse("{available: {$gte: 3}}");

    @Test
    void insufficient_stock_throws_its_typed_exception_with_the_current_document_not_the_outcome() {
        BsonDocument current = BsonDocument.parse("{available: 2, reserved: 0}");
        InventoryOutcome.Insufficient refusal = new InventoryOutcome.Insufficient(2, 0, 3, ENOUGH, current);

        assertThatThrownBy(refusal::orThrow).isInstanceOfSatisfying(InsufficientStockException.class, e -> {
            assertThat(e.refusal()).isSameAs(refusal);
            assertThat(e.current()).isEqualTo(current);
            assertThat(e.condition()).isEqualTo(ENOUGH);
        }).hasMessage("Condition {\"available\": {\"$gte\": 3}} failed for {\"available\": 2, \"reserved\": 0}");
        assertThat(refusal).isInstanceOf(ConditionRefusal.class);
        assertThat(refusal.isRefused()).isTrue();
    }

    @Test
    void an_unknown_item_is_a_not_found_refusal() {
        InventoryOutcome.NotFound refusal = new InventoryOutcome.NotFound(ID);

        assertThatThrownBy(refusal::orThrow).isInstanceOfSatisfying(DocumentNotFoundException.class,
                e -> assertThat(e.refusal()).isSameAs(refusal));
        assertThat(new InventoryOutcome.Applied(1, 2).orThrow()).isEqualTo(new InventoryOutcome.Applied(1, 2));
        assertThat(new InventoryOutcome.Applied(1, 2).refusal()).isEmpty();
    }

    @Test
    void a_refused_bounded_change_throws_a_bound_exceeded_exception_carrying_the_value_and_the_bound() {
        BoundedChange.Refused<Long> refusal = new BoundedChange.Refused<>(2L, 0L, BsonDocument.parse("{stock: {$gte: 3}}"));

        assertThatThrownBy(refusal::orThrow).isInstanceOfSatisfying(BoundExceededException.class, e -> {
            assertThat(e.refusal()).isSameAs(refusal);
            assertThat(e.refusal().bound()).isEqualTo(0L);
            assertThat(e.current()).isEqualTo(2L);
        }).isInstanceOf(ConditionFailedException.class).hasMessage("Condition {\"stock\": {\"$gte\": 3}} failed for 2");
        assertThatThrownBy(new BoundedChange.NotFound<Long>(ID)::orThrow).isInstanceOf(DocumentNotFoundException.class);
        assertThat(new BoundedChange.Applied<>(5L).orThrow()).isEqualTo(5L);
    }

    @Test
    void a_field_already_set_throws_its_typed_exception_with_the_value_kept() {
        FillOutcome.AlreadySet refusal = new FillOutcome.AlreadySet(BsonDocument.parse("{highScore: null}"), new BsonInt32(100));

        assertThatThrownBy(refusal::orThrow).isInstanceOfSatisfying(FieldAlreadySetException.class, e -> {
            assertThat(e.refusal()).isSameAs(refusal);
            assertThat(e.current()).isEqualTo(new BsonInt32(100));
        }).hasMessage("Condition {\"highScore\": null} failed for BsonInt32{value=100}");
        assertThat(refusal.isFilled()).isFalse();
        FillOutcome.NotFound notFound = new FillOutcome.NotFound(ID);
        assertThat(notFound).isInstanceOf(NotFoundRefusal.class);
        assertThatThrownBy(notFound::orThrow).isInstanceOf(DocumentNotFoundException.class);
        assertThat(new FillOutcome.Filled().orThrow().isFilled()).isTrue();
    }
}
