package dev.atomicmongo.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteConcernResult;
import com.mongodb.WriteError;
import com.mongodb.bulk.WriteConcernError;
import dev.atomicmongo.Capability;
import dev.atomicmongo.MongoOperationException;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The capability probe's decisions for each server of docs/servers.md, fed the server's replies:
 * its {@code hello} (or {@code isMaster}) document and its reply to the probe's pipeline update
 * ({@code update} with {@code u: [{$set: {probedAt: "$$NOW"}}]} and a filter that matches nothing).
 * A reply is turned into the exception the driver 5.8 throws for it ({@link #driverOutcome}).
 *
 * <p>Each reply says where it comes from: RECORDED from a real server (ours, or the full response
 * quoted in a public issue), or RECONSTRUCTED from the vendor's documentation (its documented
 * fields; values it does not document are marked so, and the decision must not depend on them).
 */
class ServerCapabilitiesDecisionTest {
    private static final ServerAddress SERVER = new ServerAddress("server.example", 27017);
    private static final String PROBE = "db.atomicmongo.probe";
    private static final BsonDocument APPLIED = BsonDocument.parse("{n: 0, nModified: 0, ok: 1.0}");

    // RECONSTRUCTED from the manual's hello reference (fields of a replica set member); maxWireVersion 25 = 8.0
    private static final BsonDocument MONGODB_80_REPLICA_SET = BsonDocument.parse("{isWritablePrimary: true,"
            + " topologyVersion: {processId: {$oid: '65a0f0000000000000000000'}, counter: 6},"
            + " hosts: ['mongo:27017'], setName: 'rs0', setVersion: 1, primary: 'mongo:27017', me: 'mongo:27017',"
            + " maxBsonObjectSize: 16777216, maxMessageSizeBytes: 48000000, maxWriteBatchSize: 100000,"
            + " logicalSessionTimeoutMinutes: 30, connectionId: 12, minWireVersion: 0, maxWireVersion: 25,"
            + " readOnly: false, ok: 1.0}");
    // RECONSTRUCTED: a standalone mongod has no setName (hello reference)
    private static final BsonDocument MONGODB_70_STANDALONE = BsonDocument.parse("{isWritablePrimary: true,"
            + " maxBsonObjectSize: 16777216, maxMessageSizeBytes: 48000000, maxWriteBatchSize: 100000,"
            + " logicalSessionTimeoutMinutes: 30, connectionId: 3, minWireVersion: 0, maxWireVersion: 21,"
            + " readOnly: false, ok: 1.0}");
    // RECONSTRUCTED: a mongos answers msg: 'isdbgrid' (hello reference); 17 = 6.0
    private static final BsonDocument MONGODB_60_MONGOS = BsonDocument.parse("{isWritablePrimary: true,"
            + " msg: 'isdbgrid', maxBsonObjectSize: 16777216, maxMessageSizeBytes: 48000000,"
            + " maxWriteBatchSize: 100000, logicalSessionTimeoutMinutes: 30, connectionId: 8,"
            + " minWireVersion: 0, maxWireVersion: 17, readOnly: false, ok: 1.0}");
    // RECONSTRUCTED: isMaster of a 4.2 replica set member (wire version 8), as 4.2 has no hello
    private static final BsonDocument MONGODB_42_REPLICA_SET = BsonDocument.parse("{ismaster: true, secondary: false,"
            + " hosts: ['mongo:27017'], setName: 'rs0', setVersion: 1, primary: 'mongo:27017', me: 'mongo:27017',"
            + " maxBsonObjectSize: 16777216, maxMessageSizeBytes: 48000000, maxWriteBatchSize: 100000,"
            + " logicalSessionTimeoutMinutes: 30, minWireVersion: 0, maxWireVersion: 8, readOnly: false, ok: 1.0}");
    // RECONSTRUCTED: a 4.0 replica set member (wire version 7); transactions run there since 4.0
    private static final BsonDocument MONGODB_40_REPLICA_SET = BsonDocument.parse("{ismaster: true, secondary: false,"
            + " hosts: ['mongo:27017'], setName: 'rs0', setVersion: 1, primary: 'mongo:27017', me: 'mongo:27017',"
            + " maxBsonObjectSize: 16777216, maxMessageSizeBytes: 48000000, maxWriteBatchSize: 100000,"
            + " logicalSessionTimeoutMinutes: 30, minWireVersion: 0, maxWireVersion: 7, readOnly: false, ok: 1.0}");
    // RECORDED from a real MongoDB older than 4.2 (full response quoted in appsmithorg/appsmith#15312, Java driver)
    private static final BsonDocument MONGODB_40_REFUSES_PIPELINE = BsonDocument.parse("{ok: 0.0,"
            + " errmsg: \"BSON field 'update.updates.u' is the wrong type 'array', expected type 'object'\","
            + " code: 14, codeName: 'TypeMismatch'}");

    // RECORDED 2026-12-01 from mongo-java-server 1.47 (memory backend): it has no hello, so the probe asks isMaster
    private static final BsonDocument EMBEDDED_ISMASTER = BsonDocument.parse("{ismaster: true,"
            + " maxBsonObjectSize: 16777216, maxWriteBatchSize: 1000, maxMessageSizeBytes: 48000000,"
            + " maxWireVersion: 8, minWireVersion: 0, localTime: {$date: '2026-12-01T12:39:13.446Z'}, ok: 1.0}");
    // RECORDED 2026-12-01 from mongo-java-server 1.47: the pipeline update fails inside the server
    private static final BsonDocument EMBEDDED_REFUSES_PIPELINE = BsonDocument.parse("{$err: \"Unknown error: class"
            + " java.util.ArrayList cannot be cast to class de.bwaldvogel.mongo.bson.Document\", errmsg: \"Unknown"
            + " error: class java.util.ArrayList cannot be cast to class de.bwaldvogel.mongo.bson.Document\","
            + " ok: 0}");

    // RECONSTRUCTED: DocumentDB clusters are replica sets ('rs0') with sessions and transactions from 4.0
    // (developer guide: transactions, replication); the other values are not documented
    private static final BsonDocument DOCUMENTDB_40 = BsonDocument.parse("{ismaster: true, secondary: false,"
            + " hosts: ['docdb.cluster.example:27017'], setName: 'rs0', maxBsonObjectSize: 16777216,"
            + " maxMessageSizeBytes: 48000000, maxWriteBatchSize: 100000, logicalSessionTimeoutMinutes: 30,"
            + " minWireVersion: 0, maxWireVersion: 7, ok: 1.0}");
    // RECONSTRUCTED: DocumentDB, Cosmos DB and FerretDB 2.x do not document a refusal of an update pipeline;
    // this stands for any refusal, which must read as "no"
    private static final BsonDocument DOCUMENTDB_REFUSES_PIPELINE = BsonDocument.parse("{ok: 0.0,"
            + " errmsg: 'Wrong type for parameter u', code: 14, codeName: 'TypeMismatch'}");
    // RECONSTRUCTED: Cosmos DB for MongoDB (RU) accounts answer as a replica set 'globaldb' (connection strings
    // carry replicaSet=globaldb); whether hello carries logicalSessionTimeoutMinutes is not documented
    private static final BsonDocument COSMOS_42 = BsonDocument.parse("{ismaster: true, secondary: false,"
            + " hosts: ['account.mongo.cosmos.azure.com:10255'], setName: 'globaldb', maxBsonObjectSize: 16777216,"
            + " maxMessageSizeBytes: 48000000, maxWriteBatchSize: 1000, logicalSessionTimeoutMinutes: 30,"
            + " minWireVersion: 0, maxWireVersion: 8, ok: 1.0}");
    // RECONSTRUCTED: FerretDB runs as a single server without a replica set; wire version not documented here
    private static final BsonDocument FERRETDB = BsonDocument.parse("{isWritablePrimary: true,"
            + " maxBsonObjectSize: 16777216, maxMessageSizeBytes: 48000000, maxWriteBatchSize: 100000,"
            + " logicalSessionTimeoutMinutes: 30, minWireVersion: 0, maxWireVersion: 21, readOnly: false, ok: 1.0}");
    // RECONSTRUCTED: FerretDB 1.x lists the update `u` argument as an open issue and promises MongoDB's error
    // codes; the exact reply is not documented
    private static final BsonDocument FERRETDB_1_REFUSES_PIPELINE = BsonDocument.parse("{ok: 0.0,"
            + " errmsg: \"BSON field 'update.updates.u' is the wrong type 'array', expected type 'object'\","
            + " code: 14, codeName: 'TypeMismatch'}");

    static Stream<Arguments> servers() {
        return Stream.of(
                server("MongoDB 8.0 replica set", MONGODB_80_REPLICA_SET, APPLIED,
                        Capability.PIPELINE_UPDATES, Capability.TRANSACTIONS),
                server("MongoDB 7.0 standalone", MONGODB_70_STANDALONE, APPLIED, Capability.PIPELINE_UPDATES),
                server("MongoDB 6.0 mongos", MONGODB_60_MONGOS, APPLIED,
                        Capability.PIPELINE_UPDATES, Capability.TRANSACTIONS),
                server("MongoDB 4.2 replica set", MONGODB_42_REPLICA_SET, APPLIED,
                        Capability.PIPELINE_UPDATES, Capability.TRANSACTIONS),
                server("MongoDB 4.0 replica set", MONGODB_40_REPLICA_SET, MONGODB_40_REFUSES_PIPELINE,
                        Capability.TRANSACTIONS),
                server("embedded mongo-java-server 1.47", EMBEDDED_ISMASTER, EMBEDDED_REFUSES_PIPELINE),
                server("embedded mongo-java-server 1.47 + pipeline updates", EMBEDDED_ISMASTER, APPLIED,
                        Capability.PIPELINE_UPDATES),
                // pipeline updates are not documented by these vendors: the probe's answer decides, both ways
                server("Amazon DocumentDB 4.0/5.0, if it refuses the probe", DOCUMENTDB_40, DOCUMENTDB_REFUSES_PIPELINE,
                        Capability.TRANSACTIONS),
                server("Amazon DocumentDB 4.0/5.0, if it applies the probe", DOCUMENTDB_40, APPLIED,
                        Capability.PIPELINE_UPDATES, Capability.TRANSACTIONS),
                server("Azure Cosmos DB for MongoDB (RU) 4.2/6.0, if it applies the probe", COSMOS_42, APPLIED,
                        Capability.PIPELINE_UPDATES, Capability.TRANSACTIONS),
                server("Azure Cosmos DB for MongoDB (RU) 4.2/6.0, if it refuses the probe", COSMOS_42,
                        DOCUMENTDB_REFUSES_PIPELINE, Capability.TRANSACTIONS),
                server("Azure Cosmos DB for MongoDB (RU), if hello reports no sessions", withoutSessions(COSMOS_42),
                        APPLIED, Capability.PIPELINE_UPDATES),
                server("FerretDB 1.x", FERRETDB, FERRETDB_1_REFUSES_PIPELINE),
                server("FerretDB 2.x, if it applies the probe", FERRETDB, APPLIED, Capability.PIPELINE_UPDATES),
                server("FerretDB 2.x, if it refuses the probe", FERRETDB, FERRETDB_1_REFUSES_PIPELINE));
    }

    private static BsonDocument withoutSessions(BsonDocument hello) {
        BsonDocument copy = hello.clone();
        copy.remove("logicalSessionTimeoutMinutes");
        return copy;
    }

    private static Arguments server(String name, BsonDocument hello, BsonDocument probeReply, Capability... expected) {
        Set<Capability> set = EnumSet.noneOf(Capability.class);
        set.addAll(List.of(expected));
        return Arguments.of(name, hello, probeReply, set);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void decides_each_servers_capabilities_from_its_replies(String name, BsonDocument hello, BsonDocument probeReply,
            Set<Capability> expected) {
        ServerCapabilities decided = ServerCapabilities.decide(hello, driverOutcome(probeReply), PROBE);

        assertThat(decided).as(name).isEqualTo(ServerCapabilities.of(expected.toArray(Capability[]::new)));
    }

    @Test
    void a_refusal_as_a_write_error_is_a_no() {
        BsonDocument reply = BsonDocument.parse("{n: 0, nModified: 0, ok: 1.0, writeErrors: [{index: 0, code: 9,"
                + " codeName: 'FailedToParse', errmsg: 'Unrecognized pipeline stage name: $set'}]}");

        assertThat(ServerCapabilities.decide(MONGODB_70_STANDALONE, driverOutcome(reply), PROBE)
                .supportsPipelineUpdates()).isFalse();
    }

    @Test
    void a_write_concern_error_alone_is_a_yes_because_the_server_ran_the_update() {
        BsonDocument reply = BsonDocument.parse("{n: 0, nModified: 0, ok: 1.0, writeConcernError: {code: 64,"
                + " codeName: 'WriteConcernFailed', errmsg: 'waiting for replication timed out'}}");

        assertThat(ServerCapabilities.decide(MONGODB_80_REPLICA_SET, driverOutcome(reply), PROBE)
                .supportsPipelineUpdates()).isTrue();
    }

    static Stream<Arguments> noAnswers() {
        return Stream.of(
                Arguments.of("socket read failure", new MongoSocketReadException("Prematurely reached end of stream",
                        SERVER)),
                Arguments.of("server selection timeout", new MongoTimeoutException(
                        "Timed out while waiting for a server that matches WritableServerSelector")),
                Arguments.of("not writable primary (10107)", driverOutcome(BsonDocument.parse(
                        "{ok: 0, code: 10107, codeName: 'NotWritablePrimary', errmsg: 'not primary'}"))),
                Arguments.of("node is recovering (11602)", driverOutcome(BsonDocument.parse("{ok: 0, code: 11602,"
                        + " codeName: 'InterruptedDueToReplStateChange', errmsg: 'operation was interrupted'}"))),
                Arguments.of("shutdown in progress (91)", driverOutcome(BsonDocument.parse(
                        "{ok: 0, code: 91, codeName: 'ShutdownInProgress', errmsg: 'shutdown in progress'}"))),
                Arguments.of("time limit (50)", driverOutcome(BsonDocument.parse(
                        "{ok: 0, code: 50, codeName: 'MaxTimeMSExpired', errmsg: 'operation exceeded time limit'}"))),
                Arguments.of("mongos cannot reach the shard (6), no label as with retryWrites=false",
                        driverOutcome(BsonDocument.parse("{ok: 0, code: 6, codeName: 'HostUnreachable',"
                                + " errmsg: 'Connection refused'}"))),
                Arguments.of("network timeout behind a mongos (89)", driverOutcome(BsonDocument.parse(
                        "{ok: 0, code: 89, codeName: 'NetworkTimeout', errmsg: 'Socket operation timed out'}"))),
                // Cosmos DB documents 16500 for requests over the provisioned RUs (prevent-rate-limiting-errors)
                Arguments.of("Cosmos DB request rate too large (16500)", driverOutcome(BsonDocument.parse(
                        "{ok: 0, code: 16500, codeName: 'RequestRateTooLarge', errmsg: 'Request rate is large."
                                + " More Request Units may be needed, so no changes were made.'}"))),
                Arguments.of("an answer labelled RetryableWriteError", driverOutcome(BsonDocument.parse(
                        "{ok: 0, code: 9999, errmsg: 'something transient', errorLabels: ['RetryableWriteError']}"))),
                Arguments.of("a write error with a retryable code", driverOutcome(BsonDocument.parse(
                        "{n: 0, ok: 1.0, writeErrors: [{index: 0, code: 11600, errmsg: 'interrupted at shutdown'}]}"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noAnswers")
    void no_answer_is_never_read_as_a_missing_capability(String name, RuntimeException failure) {
        assertThatThrownBy(() -> ServerCapabilities.decide(MONGODB_80_REPLICA_SET, failure, PROBE))
                .isInstanceOf(MongoOperationException.class)
                .hasMessageStartingWith("the pipeline-update probe on " + PROBE)
                .hasCause(failure);
    }

    @Test
    void a_bug_is_not_read_as_an_answer_and_escapes_as_it_is() {
        IllegalArgumentException bug = new IllegalArgumentException("not a server failure");

        assertThatThrownBy(() -> ServerCapabilities.decide(MONGODB_80_REPLICA_SET, bug, PROBE)).isSameAs(bug);
    }

    @Test
    void a_replica_set_without_sessions_runs_no_transactions() {
        assertThat(ServerCapabilities.decide(withoutSessions(MONGODB_42_REPLICA_SET), null, PROBE)
                .supportsTransactions()).isFalse();
    }

    @Test
    void a_lone_server_with_sessions_runs_no_transactions() {
        assertThat(ServerCapabilities.decide(MONGODB_70_STANDALONE, null, PROBE).supportsTransactions()).isFalse();
    }

    /**
     * What the driver 5.8 throws from {@code updateOne} for a reply, as its ProtocolHelper and
     * bulk-write translation do: nothing for success, {@link MongoWriteException} for a write
     * error, {@link MongoWriteConcernException} for a write concern error alone, and for
     * {@code ok: 0} the not-primary, recovering and time-limit subclasses by code, else
     * {@link MongoCommandException}.
     */
    static RuntimeException driverOutcome(BsonDocument reply) {
        boolean ok = reply.getNumber("ok").doubleValue() == 1.0;
        if (ok && reply.containsKey("writeErrors")) {
            BsonDocument error = reply.getArray("writeErrors").get(0).asDocument();
            return new MongoWriteException(new WriteError(error.getInt32("code").getValue(),
                    error.getString("errmsg").getValue(), new BsonDocument()), SERVER, labels(reply));
        }
        if (ok && reply.containsKey("writeConcernError")) {
            BsonDocument error = reply.getDocument("writeConcernError");
            return new MongoWriteConcernException(new WriteConcernError(error.getInt32("code").getValue(),
                    error.getString("codeName", new BsonString("")).getValue(), error.getString("errmsg").getValue(),
                    new BsonDocument()), WriteConcernResult.acknowledged(0, false, null), SERVER, labels(reply));
        }
        if (ok) {
            return null;
        }
        int code = reply.getInt32("code", new BsonInt32(-1)).getValue();
        return switch (code) {
            case 10107, 13435, 10058 -> new MongoNotPrimaryException(reply, SERVER);
            case 11600, 11602, 13436, 189, 91 -> new MongoNodeIsRecoveringException(reply, SERVER);
            case 50 -> new MongoExecutionTimeoutException(code, reply.getString("errmsg").getValue(), reply);
            default -> new MongoCommandException(reply, SERVER);
        };
    }

    private static Set<String> labels(BsonDocument reply) {
        BsonArray labels = reply.getArray("errorLabels", new BsonArray());
        return Set.copyOf(labels.getValues().stream().map(BsonValue::asString).map(BsonString::getValue).toList());
    }

    @Test
    void the_driver_outcome_of_a_labelled_reply_carries_the_label() {
        MongoException e = (MongoException) driverOutcome(BsonDocument.parse(
                "{ok: 0, code: 1, errmsg: 'x', errorLabels: ['RetryableWriteError']}"));

        assertThat(e.hasErrorLabel("RetryableWriteError")).isTrue();
    }
}
