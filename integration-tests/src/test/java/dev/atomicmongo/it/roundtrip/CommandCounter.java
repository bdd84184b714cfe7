package dev.atomicmongo.it.roundtrip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/**
 * Records the name of every command a client sends, leaving out the handshake, monitoring and
 * session commands the driver sends on its own, so what is left is the operation's round trips.
 */
final class CommandCounter implements CommandListener {
    /** Sent by the driver itself, not by an operation. */
    static final Set<String> IGNORED = Set.of("hello", "ismaster", "ping", "endsessions", "buildinfo",
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

    /** The operation commands {@code action} sent, in order. */
    List<String> during(Runnable action) {
        return during(action, false);
    }

    /**
     * The commands {@code action} sent from the calling thread, in order, leaving out those other
     * threads sent meanwhile (a mailbox's workers and sweeper): the sync driver sends an
     * operation's commands from the thread that called it.
     */
    List<String> duringOnThisThread(Runnable action) {
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
