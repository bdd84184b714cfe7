package dev.atomicmongo.collection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an {@link AtomicCollection} and its copies ({@code withSession}, {@code withDocumentClass},
 * {@code withRetryPolicy}) learned about their server: whether it runs pipeline updates, and which
 * unique indexes were already looked for. Lives with the collections that share it, never in a
 * static. Thread-safe.
 */
final class ServerState {
    private volatile Boolean pipelineUpdates;
    private final Set<String> uniqueIndexesChecked = ConcurrentHashMap.newKeySet();

    Boolean pipelineUpdates() {
        return pipelineUpdates;
    }

    void pipelineUpdates(boolean supported) {
        pipelineUpdates = supported;
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
