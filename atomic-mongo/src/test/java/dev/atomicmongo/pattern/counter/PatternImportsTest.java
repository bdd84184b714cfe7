package dev.atomicmongo.pattern.counter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The counter and rate-limit patterns stand on the public API only. */
class PatternImportsTest {

    @Test
    void counter_and_ratelimit_sources_use_nothing_internal_nor_the_raw_driver_collection() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Stream.of("counter", "ratelimit")
                .map(p -> Path.of("src/main/java/dev/atomicmongo/pattern", p))
                .flatMap(PatternImportsTest::list)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }

        assertThat(sources).hasSizeGreaterThan(10);
        for (Path source : sources) {
            String text = Files.readString(source);
            assertThat(text).as(source.toString())
                    .doesNotContain("dev.atomicmongo.internal")
                    .doesNotContain(".collection()")
                    .doesNotContain("new MongoOperationException")
                    .doesNotContain("catch (DuplicateKeyException")
                    .doesNotContain("catch (MongoException");
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
