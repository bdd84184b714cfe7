package dev.atomicmongo.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import dev.atomicmongo.DuplicateKeyException;
import dev.atomicmongo.MongoOperationException;
import org.junit.jupiter.api.Test;

/** The public door to the one translation, for code that calls the driver itself. */
class AtomicMongoErrorsTest {

    @Test
    void a_driver_failure_is_translated_keeping_its_labels_and_cause() {
        MongoException conflict = new MongoException(112, "WriteConflict");
        conflict.addLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);

        assertThatThrownBy(() -> AtomicMongoErrors.translating("commitTransaction", () -> {
            throw conflict;
        })).isInstanceOfSatisfying(MongoOperationException.class, e -> {
            assertThat(e.getCause()).isSameAs(conflict);
            assertThat(e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)).isTrue();
            assertThat(e.isTransient()).isTrue();
        }).hasMessage("commitTransaction failed: WriteConflict");
    }

    @Test
    void a_duplicate_key_becomes_a_duplicate_key_exception_as_everywhere() {
        assertThatThrownBy(() -> AtomicMongoErrors.translating("insert", () -> {
            throw new MongoException(11000, "E11000 duplicate key error collection: db.c index: _id_ dup key: { _id: 1 }");
        })).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void anything_else_passes_unchanged_and_a_result_is_returned() {
        IllegalArgumentException bug = new IllegalArgumentException("bad");

        assertThatThrownBy(() -> AtomicMongoErrors.translating("work", () -> {
            throw bug;
        })).isSameAs(bug);
        assertThat(AtomicMongoErrors.translating("work", () -> 42)).isEqualTo(42);
    }
}
