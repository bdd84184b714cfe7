package dev.atomicmongo.collection;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.atomicmongo.Capability;
import dev.atomicmongo.MongoOperationException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server can do, found by asking it rather than by reading its version number (a
 * wire-compatible server may report a version whose features it lacks). The probes are harmless:
 * a {@code hello} command, and a pipeline update whose filter matches no document.
 * {@link AtomicCollection#supportsPipelineUpdates()} probes once and caches the answer. Immutable.
 */
public final class ServerCapabilities {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCapabilities.class);
    static final String PROBE_COLLECTION = "atomicmongo.probe";
    /**
     * Error codes that say "not now" rather than "no": the retryable-writes specification's list
     * (a mongos or a server without the RetryableWriteError label, as with retryWrites=false,
     * still sends them), MaxTimeMSExpired, and Cosmos DB's request-rate throttling (16500).
     */
    private static final Set<Integer> NOT_NOW = Set.of(6, 7, 50, 89, 91, 189, 262, 9001, 10107, 11600, 11602,
            13435, 13436, 16500);

    private final Set<Capability> capabilities;

    private ServerCapabilities(Set<Capability> capabilities) {
        this.capabilities = capabilities;
    }

    /** Capabilities known without asking, for tests and for callers who know their server. */
    public static ServerCapabilities of(Capability... capabilities) {
        Set<Capability> set = EnumSet.noneOf(Capability.class);
        set.addAll(List.of(capabilities));
        return new ServerCapabilities(set);
    }

    /**
     * Asks the server behind {@code database} what it supports; two round trips, nothing written.
     *
     * @throws MongoOperationException if the server cannot be reached
     */
    public static ServerCapabilities probe(MongoDatabase database) {
        BsonDocument hello;
        try {
            hello = hello(database);
        } catch (RuntimeException e) {
            throw Errors.translateAny("hello to the server of database " + database.getName(), e);
        }
        MongoCollection<BsonDocument> probe = database.getCollection(PROBE_COLLECTION, BsonDocument.class);
        ServerCapabilities capabilities = decide(hello, runPipelineProbe(probe), probe.getNamespace().getFullName());
        LOG.debug("Server capabilities of database {}: {}", database.getName(), capabilities);
        return capabilities;
    }

    /**
     * What {@link #probe} concludes from the server's {@code hello} (or {@code isMaster}) reply and
     * the outcome of its pipeline-update probe; the seam that recorded replies are tested through.
     *
     * @param probeFailure what the probe threw, or {@code null} if the server applied it
     * @throws MongoOperationException if the probe got no answer (see {@link #probePipelineUpdates})
     */
    static ServerCapabilities decide(BsonDocument hello, RuntimeException probeFailure, String probeNamespace) {
        Set<Capability> found = EnumSet.noneOf(Capability.class);
        if (runsTransactions(hello)) {
            found.add(Capability.TRANSACTIONS);
        }
        if (pipelineUpdatesApplied(probeFailure, probeNamespace)) {
            found.add(Capability.PIPELINE_UPDATES);
        }
        return new ServerCapabilities(found);
    }

    /** A replica set member or a {@code mongos} that has sessions: the servers that run transactions. */
    private static boolean runsTransactions(BsonDocument hello) {
        boolean replicated = hello.containsKey("setName")
                || new BsonString("isdbgrid").equals(hello.get("msg"));
        return replicated && hello.containsKey("logicalSessionTimeoutMinutes");
    }

    private static BsonDocument hello(MongoDatabase database) {
        try {
            return database.runCommand(new BsonDocument("hello", new BsonInt32(1)), BsonDocument.class);
        } catch (MongoCommandException e) {
            LOG.debug("hello refused ({}); asking isMaster", e.getErrorMessage());
            return database.runCommand(new BsonDocument("isMaster", new BsonInt32(1)), BsonDocument.class);
        }
    }

    /**
     * A pipeline update whose filter matches no document: true if the server applies it, false
     * if the server refuses it.
     *
     * @throws MongoOperationException if the probe got no answer (the server could not be
     *         reached, timed out, or is changing primary): no answer is not a "no"
     */
    static boolean probePipelineUpdates(MongoCollection<?> collection) {
        return pipelineUpdatesApplied(runPipelineProbe(collection), collection.getNamespace().getFullName());
    }

    /** Sends the probe; what it threw, or {@code null} if the server applied it. */
    private static RuntimeException runPipelineProbe(MongoCollection<?> collection) {
        try {
            collection.withDocumentClass(BsonDocument.class).updateOne(
                    new BsonDocument("_id", new BsonObjectId(new ObjectId())),
                    List.of(new BsonDocument("$set", new BsonDocument("probedAt", new BsonString("$$NOW")))));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    /**
     * Reads the probe's outcome: no failure is a "yes", and so is a write concern error alone
     * (the server ran the update and only its replication was not acknowledged); a refusal by the
     * server is a "no"; anything else is no answer, thrown.
     */
    private static boolean pipelineUpdatesApplied(RuntimeException failure, String namespace) {
        String operation = "the pipeline-update probe on " + namespace;
        if (failure == null || failure instanceof MongoWriteConcernException) {
            LOG.debug("Pipeline updates supported by the server of {}", namespace);
            return true;
        }
        if (!(failure instanceof MongoException mongo) || !isRefusal(mongo)) {
            throw Errors.translateAny(operation, failure);
        }
        LOG.debug("Pipeline update probe refused by the server of {}: {}", namespace, failure.getMessage());
        return false;
    }

    /**
     * True for an answer of the server that refuses the command, as opposed to no answer: not a
     * change of primary, not a time limit, not an error labelled transient or retryable, and none
     * of the codes that mean "not now" rather than "no".
     */
    private static boolean isRefusal(MongoException e) {
        return e instanceof MongoServerException
                && !(e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException
                || e instanceof MongoExecutionTimeoutException)
                && !NOT_NOW.contains(e.getCode())
                && !e.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)
                && !e.hasErrorLabel("RetryableWriteError");
    }

    /** True if the server has the capability. */
    public boolean has(Capability capability) {
        return capabilities.contains(capability);
    }

    /** True if the server applies updates written as aggregation pipelines. */
    public boolean supportsPipelineUpdates() {
        return has(Capability.PIPELINE_UPDATES);
    }

    /** True if the server runs multi-document transactions. */
    public boolean supportsTransactions() {
        return has(Capability.TRANSACTIONS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServerCapabilities other && capabilities.equals(other.capabilities);
    }

    @Override
    public int hashCode() {
        return capabilities.hashCode();
    }

    @Override
    public String toString() {
        return "ServerCapabilities" + capabilities;
    }
}
