package dev.atomicmongo.it.roundtrip;

import java.util.ArrayList;
import java.util.List;
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

    private final List<String> names = new ArrayList<>();

    @Override
    public synchronized void commandStarted(CommandStartedEvent event) {
        String name = event.getCommandName();
        if (!IGNORED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            names.add(name);
        }
    }

    /** The operation commands {@code action} sent, in order. */
    List<String> during(Runnable action) {
        synchronized (this) {
            names.clear();
        }
        action.run();
        synchronized (this) {
            return List.copyOf(names);
        }
    }
}
