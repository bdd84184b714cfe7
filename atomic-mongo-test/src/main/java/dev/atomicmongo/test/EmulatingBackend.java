package dev.atomicmongo.test;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/** The memory backend whose databases emulate pipeline updates and {@code $bit}; see {@link EmulatingDatabase}. */
final class EmulatingBackend extends MemoryBackend {
    @Override
    public EmulatingDatabase openOrCreateDatabase(String databaseName) {
        return new EmulatingDatabase(databaseName, getCursorRegistry());
    }
}
