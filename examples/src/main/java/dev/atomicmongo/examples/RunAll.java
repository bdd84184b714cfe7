package dev.atomicmongo.examples;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs every example main that finishes by itself (the counter server is left out: it serves
 * until stopped). Each uses MONGODB_URI when set, else the embedded server.
 *
 * <pre>./mvnw -q -pl examples -am -DskipTests package exec:java</pre>
 */
public final class RunAll {
    private RunAll() {
    }

    public static void main(String[] args) {
        List<Example> examples = List.of(
                new Example("QuickstartExample", QuickstartExample::main),
                new Example("AtomicUpsertExample", AtomicUpsertExample::main));
        for (Example example : examples) {
            System.out.println("\n==================== " + example.name() + " ====================");
            example.main().accept(new String[0]);
        }
        System.out.println("\nAll " + examples.size() + " examples passed.");
    }

    private record Example(String name, Consumer<String[]> main) {
    }
}
