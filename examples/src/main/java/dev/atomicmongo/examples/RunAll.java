package dev.atomicmongo.examples;

import java.util.List;

/**
 * Runs every example main, each on MONGODB_URI when set, else the embedded server. The counter
 * server runs in {@code --demo} mode: it serves on a free port, sends its own requests, checks
 * the answers and stops. A failed check ends the run with a non-zero exit.
 *
 * <pre>./mvnw -q -pl examples -am -DskipTests package exec:java</pre>
 */
public final class RunAll {
    private RunAll() {
    }

    public static void main(String[] args) throws Exception {
        List<Example> examples = List.of(
                new Example("QuickstartExample", QuickstartExample::main),
                new Example("AtomicUpsertExample", AtomicUpsertExample::main),
                new Example("CommandsExample", CommandsExample::main),
                new Example("GuideSnippetsExample", GuideSnippetsExample::main),
                new Example("TicketBookingStressExample", TicketBookingStressExample::main),
                new Example("AtomicOperationsExample", AtomicOperationsExample::main),
                new Example("LeaseExample", LeaseExample::main),
                new Example("ExactlyOnceExample", ExactlyOnceExample::main),
                new Example("CounterServerExample --demo", a -> CounterServerExample.main(new String[] {"--demo"})));
        for (Example example : examples) {
            System.out.println("\n==================== " + example.name() + " ====================");
            example.main().run(new String[0]);
        }
        System.out.println("\nAll " + examples.size() + " examples passed.");
    }

    @FunctionalInterface
    private interface Main {
        void run(String[] args) throws Exception;
    }

    private record Example(String name, Main main) {
    }
}
