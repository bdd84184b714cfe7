package dev.atomicmongo.it.pattern.counter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import dev.atomicmongo.RetriesExhaustedException;
import dev.atomicmongo.collection.AtomicCollection;
import dev.atomicmongo.collection.ConditionalOutcome;
import dev.atomicmongo.collection.RetryPolicy;
import dev.atomicmongo.it.pattern.Concurrency;
import dev.atomicmongo.it.pattern.PathCases;
import dev.atomicmongo.it.pattern.ServerPath;
import dev.atomicmongo.pattern.counter.Lists;
import dev.atomicmongo.test.CommandRecorder;
import dev.atomicmongo.test.TestMongo;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class ListsTest {
    @Nested
    @DisplayName("pipeline path")
    class PipelinePath extends Cases {
        PipelinePath() {
            super(ServerPath.PIPELINE);
        }
    }

    @Nested
    @DisplayName("fallback path")
    class FallbackPath extends Cases {
        FallbackPath() {
            super(ServerPath.FALLBACK);
        }

        /**
         * Without pipeline updates, removeAt is a read then a write guarded by "the array is as
         * read". A listener appends to the array right after every read, so every write loses: the
         * loop stops after the policy's attempts with RetriesExhaustedException, having written nothing.
         * Only on the fallback path: with pipeline updates removeAt is one write, with no read to race.
         */
        @Test
        void a_removeAt_whose_array_changes_after_every_read_gives_up_after_the_retry_policys_attempts() {
            TestMongo mongo = path.mongo();
            MongoDatabase db = database();
            logs.insertOne(new Document("_id", "order").append("events", List.of("a", "b")));
            AtomicInteger reads = new AtomicInteger();
            CommandListener appendAfterEachRead = new CommandListener() {
                @Override
                public void commandSucceeded(CommandSucceededEvent event) {
                    if (event.getCommandName().equals("find")) {
                        logs.updateOne(new Document("_id", "order"),
                                new Document("$push", new Document("events", "added-" + reads.incrementAndGet())));
                    }
                }
            };
            RetryPolicy threeAttempts = RetryPolicy.builder().maxAttempts(3).backoff(Duration.ZERO, Duration.ZERO).build();
            try (MongoClient client = mongo.newClient(appendAfterEachRead)) {
                Lists contended = Lists.of(client.getDatabase(db.getName())
                        .getCollection(logs.getNamespace().getCollectionName())).withRetryPolicy(threeAttempts);

                assertThatThrownBy(() -> contended.removeAt("order", "events", 0))
                        .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> assertThat(e.attempts()).isEqualTo(3))
                        .hasMessageStartingWith("removeAt(order, events, 0) on ");
            }
            assertThat(reads).hasValue(3);
            assertThat(events()).containsExactly("a", "b", "added-1", "added-2", "added-3");
        }
    }

    /** The cases, run once on each path. */
    abstract static class Cases extends PathCases {
        MongoCollection<Document> logs;
        private Lists lists;

        Cases(ServerPath path) {
            super(path);
        }

        @BeforeEach
        void setUp(MongoDatabase db, TestInfo test) {
            logs = db.getCollection(test.getTestMethod().orElseThrow().getName());
            lists = Lists.of(path.assertTakenBy(AtomicCollection.of(logs)));
        }

        List<Object> events() {
            return new ArrayList<>(logs.find().first().getList("events", Object.class));
        }

        @Test
        void append_and_prepend_keep_the_order_of_their_values() {
            logs.insertOne(new Document("_id", "order"));

            lists.append("order", "events", "shipped", "delivered");
            lists.prepend("order", "events", "created", "paid");

            assertThat(events()).containsExactly("created", "paid", "shipped", "delivered");
        }

        @Test
        void setAt_replaces_an_element_and_refuses_an_index_past_the_end_instead_of_padding_with_nulls() {
            logs.insertOne(new Document("_id", "order").append("events", List.of("a", "b")));

            ConditionalOutcome<BsonDocument> inRange = lists.setAt("order", "events", 1, "B");
            ConditionalOutcome<BsonDocument> pastTheEnd = lists.setAt("order", "events", 5, "x");

            assertThat(inRange.isApplied()).isTrue();
            assertThat(pastTheEnd).isInstanceOf(ConditionalOutcome.ConditionFailed.class);
            assertThat(events()).containsExactly("a", "B");
            assertThat(lists.setAt("nothing", "events", 0, "x")).isInstanceOf(ConditionalOutcome.NotFound.class);
        }

        @Test
        void removeAt_removes_the_first_a_middle_and_the_last_element() {
            logs.insertOne(new Document("_id", "order").append("events", List.of("a", "b", "c", "d", "e")));

            assertThat(lists.removeAt("order", "events", 0).isApplied()).isTrue();
            assertThat(events()).containsExactly("b", "c", "d", "e");
            assertThat(lists.removeAt("order", "events", 1).isApplied()).isTrue();
            assertThat(events()).containsExactly("b", "d", "e");
            assertThat(lists.removeAt("order", "events", 2).isApplied()).isTrue();
            assertThat(events()).containsExactly("b", "d");
        }

        @Test
        void removeAt_refuses_an_index_past_the_end_a_field_that_is_not_an_array_and_a_missing_document() {
            logs.insertOne(new Document("_id", "order").append("events", List.of("a")).append("note", "text"));

            assertThat(lists.removeAt("order", "events", 1)).isInstanceOf(ConditionalOutcome.ConditionFailed.class);
            assertThat(lists.removeAt("order", "note", 0)).isInstanceOf(ConditionalOutcome.ConditionFailed.class);
            assertThat(lists.removeAt("nothing", "events", 0))
                    .isEqualTo(new ConditionalOutcome.NotFound<>(BsonDocument.parse("{_id: 'nothing'}")));
            assertThat(events()).containsExactly("a");
        }

        @Test
        void removeAt_keeps_values_that_need_literal_and_documents_intact() {
            Document item = new Document("price", "$5").append("tags", List.of("$x"));
            logs.insertOne(new Document("_id", "order").append("events", List.of("$100", item, "gone", 7)));

            assertThat(lists.removeAt("order", "events", 2).isApplied()).isTrue();

            assertThat(events()).containsExactly("$100", item, 7);
        }

        @Test
        void refuses_a_negative_index() {
            assertThatThrownBy(() -> lists.removeAt("order", "events", -1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Index into 'events' must be >= 0, got -1");
        }

        /**
         * Removals at index 0 race with appends: every removal takes one of the original elements
         * (there are always enough in front) and no append is lost or overwritten by a removal.
         */
        @Test
        void removals_racing_with_appends_lose_nothing() throws Exception {
            logs.insertOne(new Document("_id", "queue").append("events", IntStream.range(0, 400).boxed().toList()));

            Concurrency.run(8, thread -> {
                for (int i = 0; i < 50; i++) {
                    if (thread % 2 == 0) {
                        assertThat(lists.removeAt("queue", "events", 0).isApplied()).isTrue();
                    } else {
                        lists.append("queue", "events", 1_000 * thread + i);
                    }
                }
            });

            List<Object> events = events();
            List<Object> appended = new ArrayList<>();
            for (int thread = 1; thread < 8; thread += 2) {
                for (int i = 0; i < 50; i++) {
                    appended.add(1_000 * thread + i);
                }
            }
            assertThat(events).hasSize(400);
            assertThat(events.subList(0, 200)).isEqualTo(new ArrayList<>(IntStream.range(200, 400).boxed().toList()));
            assertThat(events.subList(200, 400)).containsExactlyInAnyOrderElementsOf(appended);
            for (int thread = 1; thread < 8; thread += 2) {
                int appender = thread;
                assertThat(events.subList(200, 400).stream().filter(e -> (Integer) e / 1_000 == appender).toList())
                        .as("appender %d's values in its own order", appender)
                        .containsExactlyElementsOf(IntStream.range(0, 50).map(i -> 1_000 * appender + i).boxed().toList());
            }
        }

        /** With pipeline updates one {@code update}; without, a read and then a write guarded by "the array is as read". */
        @Test
        void removeAt_is_one_pipeline_update_or_a_read_then_a_guarded_write(TestMongo mongo, MongoDatabase db) {
            logs.insertOne(new Document("_id", "order").append("events", List.of("a", "b", "c")));
            CommandRecorder commands = new CommandRecorder();
            try (MongoClient client = mongo.newClient(commands)) {
                Lists counted = Lists.of(client.getDatabase(db.getName()).getCollection(logs.getNamespace().getCollectionName()));
                assertThat(counted.removeAt("order", "events", 0).isApplied()).isTrue(); // probes pipeline support once

                assertThat(commands.during(() -> assertThat(counted.removeAt("order", "events", 1).isApplied()).isTrue()))
                        .containsExactlyElementsOf(path.pipelines() ? List.of("update") : List.of("find", "update"));
            }
            assertThat(events()).containsExactly("b");
        }
    }
}
