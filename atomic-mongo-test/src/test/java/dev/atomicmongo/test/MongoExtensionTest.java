package dev.atomicmongo.test;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.Capability;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

class MongoExtensionTest {
    static final List<String> DATABASES = new ArrayList<>();

    @MongoTest
    static class SampleA {
        @Test
        void writes(MongoDatabase db) {
            db.getCollection("c").insertOne(new Document("_id", 1));
            DATABASES.add(db.getName());
        }

        @Test
        @RequiresCapability(Capability.TRANSACTIONS)
        void needs_transactions(MongoDatabase db) {
            db.getCollection("c").insertOne(new Document("_id", 2));
        }
    }

    @MongoTest
    static class SampleB {
        @Test
        void writes(MongoDatabase db) {
            DATABASES.add(db.getName());
        }
    }

    @Test
    void gives_each_test_class_its_own_database_and_skips_by_naming_a_missing_capability() {
        DATABASES.clear();
        Events a = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SampleA.class)).execute().testEvents();
        Events b = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SampleB.class)).execute().testEvents();

        assertThat(DATABASES).hasSize(2).doesNotHaveDuplicates();
        b.assertStatistics(s -> s.succeeded(1));
        if (TestMongo.shared().has(Capability.TRANSACTIONS)) {
            a.assertStatistics(s -> s.succeeded(2));
        } else {
            a.assertStatistics(s -> s.succeeded(1).aborted(1));
            a.assertThatEvents().haveExactly(1, event(test("needs_transactions"), abortedWithReason(
                    message(m -> m.contains("lacks transactions (a replica set or sharded cluster)")))));
        }
    }

    @Test
    void reports_the_server_each_test_class_runs_on_as_a_junit_report_entry() {
        Events all = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SampleB.class)).execute().allEvents();

        List<String> reported = all.reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get(MongoExtension.SERVER_REPORT_KEY))
                .filter(java.util.Objects::nonNull)
                .toList();
        assertThat(reported).containsExactly(TestMongo.shared().description());
    }

    @Test
    void prefers_MONGODB_URI_and_describes_the_server_it_uses() {
        TestMongo shared = TestMongo.shared();
        ServerSource expected = TestMongo.configuredUri() != null ? ServerSource.URI : shared.source();
        assertThat(shared.source()).isEqualTo(expected);
        assertThat(shared.description()).isNotBlank();
        if (shared.source() == ServerSource.EMBEDDED) {
            assertThat(shared.description()).startsWith("embedded mongo-java-server ")
                    .contains(" + pipeline updates and $bit (atomic-mongo-test emulation, not MongoDB), buildInfo version ")
                    .contains(" at mongodb://");
        }
    }
}
