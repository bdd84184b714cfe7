package dev.atomicmongo.collection;

import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.List;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoNamespace;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.filter.Conditions;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/**
 * What AtomicCollection refuses while compiling, before anything is sent. The collection is a
 * stand-in that answers only its codec registry and namespace and fails the test on any other
 * call, so a refusal that came from the server could not pass here.
 */
class CompileBeforeSendTest {
    private static final AtomicCollection<Document> events = AtomicCollection.of(collectionThatMustNotBeCalled());

    @SuppressWarnings("unchecked")
    private static MongoCollection<Document> collectionThatMustNotBeCalled() {
        MongoNamespace namespace = new MongoNamespace("unit", "events");
        return (MongoCollection<Document>) Proxy.newProxyInstance(MongoCollection.class.getClassLoader(),
                new Class<?>[] {MongoCollection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getCodecRegistry" -> MongoClientSettings.getDefaultCodecRegistry();
                    case "getNamespace" -> namespace;
                    case "toString" -> "collectionThatMustNotBeCalled";
                    default -> throw new AssertionError("nothing may be sent, but " + method.getName() + " was called");
                });
    }

    @Test
    void an_upsert_whose_filter_compares_two_fields_is_refused() {
        assertThatThrownBy(() -> events.upsertOne(Conditions.field("sold").lt(Conditions.field("capacity")), update().inc("sold", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An upsert's filter must not use $expr: the server cannot build the inserted document from it"
                        + " (filter {\"$expr\": {\"$lt\": [\"$sold\", \"$capacity\"]}})");
    }

    @Test
    void an_upsert_whose_filter_has_$expr_inside_and_or_nor_is_refused() {
        assertThatThrownBy(() -> events.upsertOne(
                Conditions.and(Conditions.eq("_id", 1), Conditions.or(Conditions.field("a").lt(Conditions.field("b")))),
                update().inc("n", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("An upsert's filter must not use $expr");
        assertThatThrownBy(() -> events.upsertOne(
                Filters.nor(Filters.expr(new Document("$eq", List.of("$a", 1)))), update().inc("n", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("An upsert's filter must not use $expr");
    }

    @Test
    void a_find_one_and_update_that_upserts_with_$expr_is_refused() {
        FindAndUpdateOptions options = FindAndUpdateOptions.returning(ReturnDocument.AFTER).withUpsert(true);

        assertThatThrownBy(() -> events.findOneAndUpdate(Conditions.field("a").gt(Conditions.field("b")), update().set("c", 1), options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("An upsert's filter must not use $expr");
    }

    @Test
    void an_update_with_an_identifier_but_no_array_filter_is_refused() {
        assertThatThrownBy(() -> events.updateOne(Conditions.eq("_id", 1), update().set("items.$[i].done", true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Path segment $[i] has no arrayFilter for identifier 'i'");
    }

    @Test
    void an_empty_update_is_refused() {
        assertThatThrownBy(() -> events.updateMany(Conditions.eq("a", 1), update()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Empty update: add at least one operator");
    }
}
