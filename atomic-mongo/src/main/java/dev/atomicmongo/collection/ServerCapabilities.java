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
        Set<Capability> found = EnumSet.noneOf(Capability.class);
        BsonDocument hello;
        try {
            hello = hello(database);
        } catch (RuntimeException e) {
            throw Errors.translateAny("hello to the server of database " + database.getName(), e);
        }
        boolean replicated = hello.containsKey("setName")
                || new BsonString("isdbgrid").equals(hello.get("msg"));
        if (replicated && hello.containsKey("logicalSessionTimeoutMinutes")) {
            found.add(Capability.TRANSACTIONS);
        }
        if (probePipelineUpdates(database.getCollection(PROBE_COLLECTION, BsonDocument.class))) {
            found.add(Capability.PIPELINE_UPDATES);
        }
        ServerCapabilities capabilities = new ServerCapabilities(found);
        LOG.debug("Server capabilities of database {}: {}", database.getName(), capabilities);
        return capabilities;
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
        try {
            collection.withDocumentClass(BsonDocument.class).updateOne(
                    new BsonDocument("_id", new BsonObjectId(new ObjectId())),
                    List.of(new BsonDocument("$set", new BsonDocument("probedAt", new BsonString("$$NOW")))));
            LOG.debug("Pipeline updates supported by the server of {}", collection.getNamespace());
            return true;
        } catch (IllegalStateException e) {
            throw Errors.translateAny("the pipeline-update probe on " + collection.getNamespace(), e);
        } catch (MongoException e) {
            if (!isRefusal(e)) {
                throw Errors.translate("the pipeline-update probe on " + collection.getNamespace(), e);
            }
            LOG.debug("Pipeline update probe refused by the server of {}: {}", collection.getNamespace(), e.getMessage());
            return false;
        }
    }

    /** True for an answer of the server that refuses the command, as opposed to no answer. */
    private static boolean isRefusal(MongoException e) {
        return e instanceof MongoServerException
                && !(e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException
                || e instanceof MongoExecutionTimeoutException)
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
