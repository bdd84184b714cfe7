package dev.atomicmongo.test;

import java.net.InetSocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * Starts the embedded {@code mongo-java-server} on a free local port.
 *
 * <p>With {@code oneThread}, its network layer runs on one event-loop thread, so it executes the
 * requests of all clients one at a time, each reply encoded before the next request starts: a
 * reply then reflects exactly its own write and a read is never torn. With the server's default
 * threading (one thread per core), a reply is encoded after the collection's lock is released,
 * while another client's write may already be changing the same stored document.
 */
final class EmbeddedServer {
    private static final Pattern JAR_VERSION = Pattern.compile("mongo-java-server-core-([0-9][^/]*?)\\.jar");

    private EmbeddedServer() {
    }

    static MongoServer start(boolean emulation, boolean oneThread) {
        MongoServer server = new MongoServer(emulation ? new EmulatingBackend() : new MemoryBackend());
        if (oneThread) {
            server.bind(new InetSocketAddress("localhost", 0), 1, 1);
        } else {
            server.bind();
        }
        return server;
    }

    /** The version of the mongo-java-server jar on the class path, from its file name, or "(unknown version)". */
    static String libraryVersion() {
        try {
            String location = MongoServer.class.getProtectionDomain().getCodeSource().getLocation().toString();
            Matcher matcher = JAR_VERSION.matcher(location);
            return matcher.find() ? matcher.group(1) : "(unknown version)";
        } catch (RuntimeException e) {
            return "(unknown version)";
        }
    }
}
