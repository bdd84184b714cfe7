package dev.atomicmongo.it;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReturnDocument;
import dev.atomicmongo.DuplicateKeyException;
import dev.atomicmongo.MissingCapabilityException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.filter.Conditions;
import dev.atomicmongo.test.MongoTest;
import dev.atomicmongo.test.TestMongo;
import dev.atomicmongo.update.Expr;
import dev.atomicmongo.update.PipelineUpdate;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static dev.atomicmongo.filter.Conditions.field;
import static dev.atomicmongo.update.UpdateBuilder.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@MongoTest
class ErrorsIT {
    private final MongoCollection<Document> raw;
    private final AtomicCollection<Document> users;

    ErrorsIT(MongoDatabase db) {
        raw = db.getCollection("users");
        users = AtomicCollection.of(raw);
    }

    @Test
    void duplicate_key_from_updateOne_exposes_the_index_and_the_key() {
        users.ensureUniqueIndex("email");
        raw.insertOne(new Document("_id", 1).append("email", "a@x"));
        raw.insertOne(new Document("_id", 2).append("email", "b@x"));

        assertThatThrownBy(() -> users.updateOne(Conditions.eq("_id", 2), update().set("email", "a@x")))
                .isInstanceOfSatisfying(DuplicateKeyException.class, e -> {
                    assertThat(e.code()).isEqualTo(11000);
                    assertThat(e.indexName()).contains("email_1");
                    assertThat(e.keyValue()).contains(BsonDocument.parse("{email: 'a@x'}"));
                    assertThat(e.getCause()).isInstanceOf(com.mongodb.MongoWriteException.class);
                });
    }

    @Test
    void duplicate_key_from_findOneAndUpdate_is_recognised_too() {
        users.ensureUniqueIndex("email");
        raw.insertOne(new Document("_id", 3).append("email", "c@x"));
        raw.insertOne(new Document("_id", 4).append("email", "d@x"));

        assertThatThrownBy(() -> users.findOneAndUpdate(Conditions.eq("_id", 4), update().set("email", "c@x"),
                ReturnDocument.AFTER))
                .isInstanceOfSatisfying(DuplicateKeyException.class,
                        e -> assertThat(e.keyValue()).contains(BsonDocument.parse("{email: 'c@x'}")));
    }

    @Test
    void an_upsert_whose_filter_uses_expr_is_refused_before_it_is_sent() {
        assertThatThrownBy(() -> users.upsertOne(Conditions.and(Conditions.eq("_id", 9), field("a").lt(field("b"))),
                update().set("x", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An upsert's filter must not use $expr: the server cannot build the inserted document "
                        + "from it (filter {\"$and\": [{\"_id\": 9}, {\"$expr\": {\"$lt\": [\"$a\", \"$b\"]}}]})");
        assertThat(raw.countDocuments(new Document("_id", 9))).isZero();
    }

    @Test
    void a_pipeline_update_runs_where_supported_and_is_refused_by_name_where_not(TestMongo mongo) {
        raw.insertOne(new Document("_id", 10).append("count", 1));
        PipelineUpdate bump = PipelineUpdate.pipeline()
                .set("count", Expr.add(Expr.ifNull(Expr.field("count"), Expr.literal(0)), Expr.literal(1)))
                .set("label", "$not-a-path");

        if (users.supportsPipelineUpdates()) {
            users.updateOne(Conditions.eq("_id", 10), bump);
            assertThat(raw.find(new Document("_id", 10)).first())
                    .containsEntry("count", 2).containsEntry("label", "$not-a-path");
        } else {
            assertThatThrownBy(() -> users.updateOne(Conditions.eq("_id", 10), bump))
                    .isInstanceOf(MissingCapabilityException.class)
                    .hasMessageStartingWith("The server does not support pipeline updates (MongoDB 4.2+)");
            assertThat(raw.find(new Document("_id", 10)).first()).containsEntry("count", 1);
        }
    }
}
