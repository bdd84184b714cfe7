package dev.atomicmongo.pattern.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The booking, versioning and transaction patterns stand on the public API only, and loop only under a RetryPolicy. */
class PublicApiOnlyTest {

    @Test
    void booking_version_and_transaction_sources_use_nothing_internal_and_translate_nothing_by_hand() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Stream.of("booking", "version", "transaction")
                .map(p -> Path.of("src/main/java/dev/atomicmongo/pattern", p))
                .flatMap(PublicApiOnlyTest::list)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }

        assertThat(sources).hasSizeGreaterThan(15);
        for (Path source : sources) {
            String text = Files.readString(source);
            assertThat(text).as(source.toString())
                    .doesNotContain("dev.atomicmongo.internal")
                    .doesNotContain(".collection()")
                    .doesNotContain("new MongoOperationException")
                    .doesNotContain("catch (DuplicateKeyException")
                    .doesNotContain("catch (MongoException")
                    .doesNotContain("getCause()")
                    .doesNotContain("MAX_ATTEMPTS")
                    .doesNotContainPattern("(?m)^\\s*Conditions\\.field\\([^;]*\\);");
        }
    }

    private static Stream<Path> list(Path dir) {
        try {
            return Files.list(dir);
        } catch (IOException e) {
            throw new AssertionError(dir.toAbsolutePath() + " is not readable", e);
        }
    }
}
