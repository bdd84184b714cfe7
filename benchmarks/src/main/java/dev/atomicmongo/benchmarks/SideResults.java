package dev.atomicmongo.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;

/** Results JMH has no column for (lost updates), printed and appended as JSON lines to a side file. */
final class SideResults {
    /** The system property naming the side file; unset, results are only printed. */
    static final String PROPERTY = "atomicmongo.sideResults";

    private SideResults() {
    }

    static void contention(String benchmark, int threads, long increments, long stored, long retries, long tornReads,
                           long sameVersionTwice, String server) {
        BsonDocument line = new BsonDocument("benchmark", new BsonString(benchmark))
                .append("threads", new BsonInt32(threads))
                .append("server", new BsonString(server))
                .append("incrementsDone", new BsonInt64(increments))
                .append("storedValue", new BsonInt64(stored))
                .append("lostUpdates", new BsonInt64(increments - stored))
                .append("retries", new BsonInt64(retries))
                .append("tornReads", new BsonInt64(tornReads))
                .append("sameVersionTwice", new BsonInt64(sameVersionTwice));
        String json = line.toJson();
        System.out.println();
        System.out.println("[lost updates] " + json);
        String file = System.getProperty(PROPERTY);
        if (file != null && !file.isBlank()) {
            try {
                Files.writeString(Path.of(file), json + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not write " + file, e);
            }
        }
    }
}
