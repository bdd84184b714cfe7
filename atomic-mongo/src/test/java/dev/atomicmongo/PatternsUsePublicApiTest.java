package dev.atomicmongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The patterns are written as a user would write them: only the exported API, one error translation,
 * no raw driver collection. These rules are read from the sources, so breaking one fails the build.
 */
class PatternsUsePublicApiTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path PATTERNS = SOURCES.resolve("dev/atomicmongo/pattern");

    /** Each rule: what a pattern source must not contain, and why. */
    private static final Map<String, Pattern> RULES = Map.of(
            "imports dev.atomicmongo.internal (not exported)",
            Pattern.compile("^\\s*import\\s+(static\\s+)?dev\\.atomicmongo\\.internal\\.", Pattern.MULTILINE),
            "reaches the raw driver collection with .collection()",
            Pattern.compile("\\.collection\\(\\)"),
            "creates MongoOperationException instead of using the one translation",
            Pattern.compile("new\\s+MongoOperationException\\s*\\("),
            "catches a driver exception by hand instead of using the one translation",
            Pattern.compile("catch\\s*\\(\\s*(final\\s+)?(com\\.mongodb\\.)?Mongo\\w*Exception\\b"),
            "calls Conditions.field(...) and discards the result (use Field.path to validate a path)",
            Pattern.compile("^\\s*(Conditions\\.)?field\\([^;]*\\)\\s*;", Pattern.MULTILINE),
            "catches a duplicate key by hand (upserts retry lost races under the RetryPolicy)",
            Pattern.compile("catch\\s*\\(\\s*(final\\s+)?(dev\\.atomicmongo\\.)?DuplicateKeyException\\b"),
            "digs through exception causes (the one translation exposes labels and isTransient)",
            Pattern.compile("\\.getCause\\(\\)"),
            "retries in a loop of its own (use a RetryPolicy)",
            Pattern.compile("MAX_ATTEMPTS"));

    /** Deliberate exceptions to a rule, each with its reason. */
    private static final Map<String, String> ALLOWED = Map.of(
            "dev/atomicmongo/pattern/lease/Leases.java: catches a duplicate key by hand (upserts retry lost races under the RetryPolicy)",
            "without pipeline updates a lease is taken by an upsert whose duplicate key means 'held by another "
                    + "owner', an answer, not a race to retry");

    static List<String> violations(String source) {
        String code = withoutComments(source);
        List<String> found = new ArrayList<>();
        RULES.forEach((rule, pattern) -> {
            if (pattern.matcher(code).find()) {
                found.add(rule);
            }
        });
        found.sort(null);
        return found;
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
    }

    @Test
    void noPatternSourceBreaksARule() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(PATTERNS)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        }
        assertThat(files).as("pattern sources found under %s", PATTERNS.toAbsolutePath()).hasSizeGreaterThan(20);
        List<String> offenders = new ArrayList<>();
        for (Path file : files) {
            for (String rule : violations(read(file))) {
                String offence = SOURCES.relativize(file).toString().replace('\\', '/') + ": " + rule;
                if (!ALLOWED.containsKey(offence)) {
                    offenders.add(offence);
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void eachRuleCatchesWhatItNames() {
        assertThat(violations("import dev.atomicmongo.internal.Paths;\nclass A {}"))
                .containsExactly("imports dev.atomicmongo.internal (not exported)");
        assertThat(violations("import static dev.atomicmongo.internal.Values.freeze;"))
                .containsExactly("imports dev.atomicmongo.internal (not exported)");
        assertThat(violations("var raw = events.collection().find();"))
                .containsExactly("reaches the raw driver collection with .collection()");
        assertThat(violations("throw new MongoOperationException(\"x\", e);"))
                .containsExactly("creates MongoOperationException instead of using the one translation");
        assertThat(violations("try { x(); } catch (MongoWriteException e) { }"))
                .containsExactly("catches a driver exception by hand instead of using the one translation");
        assertThat(violations("try { x(); } catch (com.mongodb.MongoException e) { }"))
                .containsExactly("catches a driver exception by hand instead of using the one translation");
        assertThat(violations("} catch (DuplicateKeyException e) {"))
                .containsExactly("catches a duplicate key by hand (upserts retry lost races under the RetryPolicy)");
        assertThat(violations("while (e.getCause() != null) {"))
                .containsExactly("digs through exception causes (the one translation exposes labels and isTransient)");
        assertThat(violations("for (int i = 0; i < MAX_ATTEMPTS; i++) {"))
                .containsExactly("retries in a loop of its own (use a RetryPolicy)");
        assertThat(violations("    Conditions.field(path);"))
                .containsExactly("calls Conditions.field(...) and discards the result (use Field.path to validate a path)");
    }

    @Test
    void commentsAndPublicApiUseAreNotViolations() {
        assertThat(violations("""
                // we once imported dev.atomicmongo.internal.Paths here
                /* events.collection() is the raw driver collection */
                import dev.atomicmongo.collection.AtomicCollection;
                Condition c = Conditions.field("sold").lt(Conditions.field("capacity"));
                String path = Conditions.field(name).path();
                try { run(); } catch (AtomicMongoException e) { throw e; }
                """)).isEmpty();
    }

    @Test
    void theLayoutIsTheApiPackagesAndInternal() throws IOException {
        Path root = SOURCES.resolve("dev/atomicmongo");
        TreeSet<String> packages;
        try (Stream<Path> walk = Files.walk(root)) {
            packages = walk.filter(p -> p.toString().endsWith(".java"))
                    .map(p -> root.relativize(p.getParent()).toString().replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(packages).allMatch(p -> p.isEmpty() || p.equals("update") || p.equals("filter")
                || p.equals("collection") || p.equals("internal") || p.startsWith("pattern."), "in the layout");
        String descriptor = read(SOURCES.resolve("module-info.java"));
        assertThat(withoutComments(descriptor)).doesNotContain("dev.atomicmongo.internal");
        for (String p : packages) {
            if (!p.equals("internal")) {
                String name = p.isEmpty() ? "dev.atomicmongo" : "dev.atomicmongo." + p;
                assertThat(descriptor).as("module-info exports %s", name).contains("exports " + name + ";");
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
