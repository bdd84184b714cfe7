package dev.atomicmongo.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/**
 * A {@link CommandListener} that records the name of every command a client sends, leaving out
 * the handshake, monitoring, authentication and session commands the driver sends on its own, so
 * what is left is an operation's round trips. Thread-safe.
 *
 * <pre>{@code
 * CommandRecorder commands = new CommandRecorder();
 * try (MongoClient client = TestMongo.shared().newClient(commands)) {
 *     AtomicCollection<Document> events = AtomicCollection.of(client.getDatabase("db").getCollection("events"));
 *     assertThat(commands.during(() -> events.updateOne(eq("_id", 1), update().inc("n", 1))))
 *             .containsExactly("update");
 * }
 * }</pre>
 */
public final class CommandRecorder implements CommandListener {
    /** Commands the driver sends by itself, not for an operation (lower case). */
    public static final Set<String> IGNORED = Set.of("hello", "ismaster", "ping", "endsessions", "buildinfo",
            "saslstart", "saslcontinue", "authenticate", "getnonce");

    private record Sent(Thread thread, String name) {
    }

    private final List<Sent> sent = new ArrayList<>();

    @Override
    public synchronized void commandStarted(CommandStartedEvent event) {
        String name = event.getCommandName();
        if (!IGNORED.contains(name.toLowerCase(Locale.ROOT))) {
            sent.add(new Sent(Thread.currentThread(), name));
        }
    }

    /** The commands {@code action} sent, from any thread, in order. */
    public List<String> during(Runnable action) {
        return during(action, false);
    }

    /**
     * The commands {@code action} sent from the calling thread, in order, leaving out those other
     * threads sent meanwhile (background workers): the sync driver sends an operation's commands
     * from the thread that called it.
     */
    public List<String> duringOnThisThread(Runnable action) {
        return during(action, true);
    }

    private List<String> during(Runnable action, boolean thisThreadOnly) {
        synchronized (this) {
            sent.clear();
        }
        Thread caller = Thread.currentThread();
        action.run();
        synchronized (this) {
            return sent.stream().filter(s -> !thisThreadOnly || s.thread() == caller).map(Sent::name).toList();
        }
    }
}
