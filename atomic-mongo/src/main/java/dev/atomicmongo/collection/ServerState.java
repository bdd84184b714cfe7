package dev.atomicmongo.collection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an {@link AtomicCollection} and its copies ({@code withSession}, {@code withDocumentClass},
 * {@code withRetryPolicy}) learned about their server: whether it runs pipeline updates, which
 * unique indexes were already looked for, and whether it stored a document with an array
 * {@code _id} (then {@code bulkWrite} stops sending conditional updates as poisoned upserts).
 * Lives with the collections that share it, never in a static. Thread-safe.
 */
final class ServerState {
    private volatile Boolean pipelineUpdates;
    private volatile boolean arrayIdAccepted;
    private final Set<String> uniqueIndexesChecked = ConcurrentHashMap.newKeySet();

    Boolean pipelineUpdates() {
        return pipelineUpdates;
    }

    void pipelineUpdates(boolean supported) {
        pipelineUpdates = supported;
    }

    /** True once a bulk's poisoned upsert was stored instead of refused (see {@code BulkRunner}). */
    boolean arrayIdAccepted() {
        return arrayIdAccepted;
    }

    void arrayIdAccepted(boolean accepted) {
        arrayIdAccepted = accepted;
    }

    /** True the first time a field's unique index is asked about. */
    boolean firstIndexCheck(String field) {
        return uniqueIndexesChecked.add(field);
    }

    /** Asks about the field again next time: the last check got no answer. */
    void forgetIndexCheck(String field) {
        uniqueIndexesChecked.remove(field);
    }

    void indexKnown(String field) {
        uniqueIndexesChecked.add(field);
    }
}
