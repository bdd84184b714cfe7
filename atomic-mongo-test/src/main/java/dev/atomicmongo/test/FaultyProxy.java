package dev.atomicmongo.test;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

/**
 * A fault-injecting TCP proxy on loopback, between a MongoDB client and a server, that loses
 * replies: it forwards a request, reads the server's reply (so the server has executed the
 * command) and then, instead of forwarding the reply, closes the connection. The client sees a
 * network error for a command that <em>was applied</em>: the case an application retry must not
 * apply twice. Replies are dropped only for the commands named by {@link #dropOnly} (by default
 * the writes {@code update}, {@code findAndModify}, {@code insert} and {@code delete}), never for
 * the handshake or the driver's monitoring.
 *
 * <pre>{@code
 * try (FaultyProxy proxy = FaultyProxy.inFrontOf(TestMongo.shared());
 *      MongoClient client = proxy.newClient(false)) {          // retryWrites=false
 *     proxy.dropNextReplies(1);
 *     client.getDatabase("db").getCollection("c").updateOne(...);   // applied, then MongoSocketReadException
 * }
 * }</pre>
 *
 * <p>Two ways to drop: {@link #dropNextReplies(int)} drops the next {@code n} eligible replies;
 * {@link #dropRepliesRandomly(double, long)} drops each eligible reply with a probability, drawn
 * from a seeded {@link Random} (the sequence of decisions is reproducible; which request meets
 * which decision depends on thread scheduling). Every MongoDB wire message is forwarded whole;
 * only {@code OP_MSG} requests are read, for their command name. Thread-safe; one thread pair per
 * proxied connection; {@link #close()} closes every connection.
 */
public final class FaultyProxy implements AutoCloseable {
    /** The commands whose replies are dropped unless {@link #dropOnly} says otherwise. */
    public static final Set<String> WRITE_COMMANDS = Set.of("update", "findAndModify", "insert", "delete");

    private static final int OP_MSG = 2013;
    private static final int MAX_MESSAGE = 48 * 1024 * 1024;
    private static final Duration MAX_DELAY = Duration.ofSeconds(10);

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger dropNext = new AtomicInteger();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Set<String> eligible = WRITE_COMMANDS;
    private volatile double probability;
    private volatile long replyDelayNanos;
    private Random random = new Random(0);
    private volatile boolean closed;

    private FaultyProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "faulty-proxy-" + listener.getLocalPort());
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::accept);
    }

    /**
     * Starts a proxy on a free loopback port forwarding to {@code host:port}.
     *
     * @throws IllegalStateException if no port can be opened
     */
    public static FaultyProxy start(String host, int port) {
        Objects.requireNonNull(host, "host");
        try {
            return new FaultyProxy(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new IllegalStateException("FaultyProxy: cannot listen on loopback: " + e.getMessage(), e);
        }
    }

    /** Starts a proxy in front of the first host of {@code mongo}'s connection string. */
    public static FaultyProxy inFrontOf(TestMongo mongo) {
        Objects.requireNonNull(mongo, "mongo");
        List<String> hosts = new ConnectionString(mongo.connectionString()).getHosts();
        ServerAddress address = new ServerAddress(hosts.get(0));
        return start(address.getHost(), address.getPort());
    }

    /** The port the proxy listens on, on the loopback address. */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * A connection string to the proxy: a direct connection, with the driver's retryable writes on
     * or off ({@code retryWrites=false} lets a dropped reply reach the application).
     */
    public String connectionString(boolean retryWrites) {
        return "mongodb://127.0.0.1:" + port() + "/?directConnection=true&retryWrites=" + retryWrites;
    }

    /**
     * A new client through the proxy ({@link #connectionString(boolean)}), whose monitor may check
     * the server again 5 ms after a check instead of the driver's 500 ms: a dropped connection
     * marks the server unknown until the next check, and the default would make every drop cost
     * half a second. The caller closes it.
     */
    public MongoClient newClient(boolean retryWrites) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString(retryWrites)))
                .applyToServerSettings(s -> s.minHeartbeatFrequency(5, TimeUnit.MILLISECONDS))
                .build());
    }

    /** Drops the replies of the next {@code n} eligible requests (added to any still pending). */
    public void dropNextReplies(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("dropNextReplies: n must be >= 0, was " + n);
        }
        dropNext.addAndGet(n);
    }

    /**
     * Drops each eligible reply with {@code probability} (0 to 1), decided by a {@link Random}
     * seeded with {@code seed}.
     */
    public synchronized void dropRepliesRandomly(double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("dropRepliesRandomly: probability must be between 0 and 1, was "
                    + probability);
        }
        this.random = new Random(seed);
        this.probability = probability;
    }

    /** Stops dropping: no random drops, no pending {@link #dropNextReplies} left. */
    public synchronized void dropNone() {
        probability = 0;
        dropNext.set(0);
    }

    /**
     * Holds every reply (of any command, monitoring included) for at least {@code delay} before
     * forwarding it, as a network's latency would: each round trip through the proxy then takes
     * {@code delay} longer. {@link Duration#ZERO} stops delaying. For measurements, not for
     * synchronising tests.
     *
     * @throws IllegalArgumentException if {@code delay} is negative or longer than 10 seconds
     */
    public void delayReplies(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("delayReplies: delay must be between 0 and " + MAX_DELAY + ", was "
                    + delay);
        }
        replyDelayNanos = delay.toNanos();
    }

    /** Drops replies only to these commands (names as sent, e.g. {@code update}, {@code findAndModify}). */
    public void dropOnly(Set<String> commands) {
        eligible = Set.copyOf(Objects.requireNonNull(commands, "commands"));
    }

    /** Replies dropped so far. */
    public long droppedReplies() {
        return dropped.get();
    }

    /** Replies forwarded so far (all commands, monitoring included). */
    public long forwardedReplies() {
        return forwarded.get();
    }

    /** Closes the listening socket and every proxied connection. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        open.forEach(FaultyProxy::closeQuietly);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "FaultyProxy{127.0.0.1:" + port() + " -> " + target + ", dropped " + dropped + "}";
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;   // closed
            }
            Socket server = new Socket();
            try {
                server.connect(target);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            open.add(client);
            open.add(server);
            Map<Integer, String> pending = new ConcurrentHashMap<>();
            threads.execute(() -> pump(client, server, pending, true));
            threads.execute(() -> pump(server, client, pending, false));
        }
    }

    /** Copies whole messages from {@code from} to {@code to}; requests are remembered, replies may be dropped. */
    private void pump(Socket from, Socket to, Map<Integer, String> pending, boolean requests) {
        try (InputStream in = new BufferedInputStream(from.getInputStream()); OutputStream out = to.getOutputStream()) {
            byte[] header = new byte[16];
            while (true) {
                readFully(in, header, 16);
                int length = intAt(header, 0);
                if (length < 16 || length > MAX_MESSAGE) {
                    throw new IOException("not a MongoDB wire message, length " + length);
                }
                byte[] message = new byte[length];
                System.arraycopy(header, 0, message, 0, 16);
                readFully(in, message, 16, length - 16);
                if (requests) {
                    String command = commandName(message);
                    if (command != null && eligible.contains(command)) {
                        pending.put(intAt(message, 4), command);
                    }
                } else {
                    String command = pending.remove(intAt(message, 8));
                    if (command != null && shouldDrop()) {
                        dropped.incrementAndGet();
                        break;
                    }
                    forwarded.incrementAndGet();
                    hold(replyDelayNanos);
                }
                out.write(message);
                out.flush();
            }
        } catch (IOException e) {
            // the other side closed, or this connection was dropped: close both ends below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    /** Waits at least {@code nanos}. */
    private static void hold(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    private boolean shouldDrop() {
        if (dropNext.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            return true;
        }
        synchronized (this) {
            return probability > 0 && random.nextDouble() < probability;
        }
    }

    /** The first key of an OP_MSG's body section, or null for another message. */
    private static String commandName(byte[] message) {
        if (intAt(message, 12) != OP_MSG || message.length < 27 || message[20] != 0) {
            return null;
        }
        int start = 26;   // header 16, flags 4, section kind 1, document length 4, element type 1
        int end = start;
        while (end < message.length && message[end] != 0) {
            end++;
        }
        return end < message.length ? new String(message, start, end - start, StandardCharsets.UTF_8) : null;
    }

    private static int intAt(byte[] bytes, int offset) {
        return (bytes[offset] & 0xff) | (bytes[offset + 1] & 0xff) << 8 | (bytes[offset + 2] & 0xff) << 16
                | (bytes[offset + 3] & 0xff) << 24;
    }

    private static void readFully(InputStream in, byte[] buffer, int length) throws IOException {
        readFully(in, buffer, 0, length);
    }

    private static void readFully(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(buffer, offset + done, length - done);
            if (n < 0) {
                throw new EOFException();
            }
            done += n;
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            // closing is best effort
        }
    }
}
