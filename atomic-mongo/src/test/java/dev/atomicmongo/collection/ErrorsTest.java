package dev.atomicmongo.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.DuplicateKeyException;
import dev.atomicmongo.MongoOperationException;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

/** The one translation of driver exceptions into the atomic-mongo hierarchy. */
class ErrorsTest {
    private static final ServerAddress SERVER = new ServerAddress();

    @Test
    void a_duplicate_key_write_error_becomes_a_duplicate_key_exception_with_index_and_key() {
        MongoWriteException write = new MongoWriteException(new WriteError(11000,
                "E11000 duplicate key error collection: db.users index: email_1 dup key: { email: \"a@x\" }",
                new BsonDocument()), SERVER, List.of());

        AtomicMongoException translated = Errors.translate("updateOne on db.users", write);

        assertThat(translated).isInstanceOfSatisfying(DuplicateKeyException.class, e -> {
            assertThat(e.indexName()).contains("email_1");
            assertThat(e.keyValue()).contains(BsonDocument.parse("{email: 'a@x'}"));
            assertThat(e.getCause()).isSameAs(write);
        }).hasMessageStartingWith("updateOne on db.users failed: ");
    }

    @Test
    void a_duplicate_key_command_error_takes_the_key_from_the_response() {
        MongoCommandException command = new MongoCommandException(BsonDocument.parse(
                "{ok: 0, code: 11000, errmsg: 'E11000 duplicate key error collection: db.c index: _id_ dup key: { _id: 1 }',"
                        + " keyPattern: {_id: 1}, keyValue: {_id: 1}}"), SERVER);

        assertThat(Errors.translate("findOneAndUpdate on db.c", command))
                .isInstanceOfSatisfying(DuplicateKeyException.class, e -> {
                    assertThat(e.keyPattern()).contains(BsonDocument.parse("{_id: 1}"));
                    assertThat(e.keyValue()).contains(BsonDocument.parse("{_id: 1}"));
                    assertThat(e.indexName()).contains("_id_");
                });
    }

    @Test
    void any_other_failure_becomes_an_operation_exception_with_code_and_labels() {
        MongoCommandException command = new MongoCommandException(BsonDocument.parse(
                "{ok: 0, code: 112, errmsg: 'WriteConflict', errorLabels: ['TransientTransactionError']}"), SERVER);

        assertThat(Errors.translate("updateOne on db.c", command))
                .isExactlyInstanceOf(MongoOperationException.class)
                .satisfies(e -> {
                    MongoOperationException op = (MongoOperationException) e;
                    assertThat(op.code()).isEqualTo(112);
                    assertThat(op.errorLabels()).containsExactly("TransientTransactionError");
                    assertThat(op.hasErrorLabel("TransientTransactionError")).isTrue();
                    assertThat(op.isTransient()).isTrue();
                });
    }

    @Test
    void a_network_failure_is_transient_and_a_plain_server_refusal_is_not() {
        MongoException network = new MongoSocketReadException("connection reset", SERVER);
        MongoCommandException refusal = new MongoCommandException(BsonDocument.parse(
                "{ok: 0, code: 2, errmsg: 'BadValue'}"), SERVER);

        assertThat(((MongoOperationException) Errors.translate("find on db.c", network)).isTransient()).isTrue();
        assertThat(((MongoOperationException) Errors.translate("find on db.c", refusal)).isTransient()).isFalse();
    }

    @Test
    void a_duplicate_key_is_pinned_by_a_filter_with_equalities_on_every_key_field() {
        BsonDocument key = BsonDocument.parse("{_id: 'a'}");

        assertThat(FilterChecks.pinsKey(BsonDocument.parse("{_id: 'a'}"), key)).isTrue();
        assertThat(FilterChecks.pinsKey(BsonDocument.parse("{_id: {$eq: 'a'}}"), key)).isTrue();
        assertThat(FilterChecks.pinsKey(BsonDocument.parse("{$and: [{_id: 'a'}, {n: {$lt: 3}}]}"), key)).isTrue();
        assertThat(FilterChecks.pinsKey(BsonDocument.parse("{email: 'a'}"), key)).isFalse();
        assertThat(FilterChecks.pinsKey(BsonDocument.parse("{_id: {$in: ['a', 'b']}}"), key)).isFalse();
        assertThat(FilterChecks.pinsKey(BsonDocument.parse("{$or: [{_id: 'a'}]}"), key)).isFalse();
    }
}
