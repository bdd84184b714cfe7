package dev.atomicmongo.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import com.mongodb.client.MongoCollection;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.atomicmongo.AtomicMongoException;
import dev.atomicmongo.collection.OperationId;
import dev.atomicmongo.pattern.mailbox.Mailbox;
import dev.atomicmongo.pattern.mailbox.MailboxEvent;
import dev.atomicmongo.pattern.mailbox.MailboxSnapshot;
import dev.atomicmongo.test.ServerSource;
import dev.atomicmongo.test.TestMongo;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * A per-user counter behind HTTP, on the mailbox (actor) pattern: {@code /webhook} posts an
 * increment to the user's mailbox and returns at once; the mailbox folds increments into the
 * user's counter in batches, one runner per user at a time; {@code /status} shows the counters.
 * Uses {@code MONGODB_URI} when set, else the embedded server, with no setup.
 *
 * <pre>
 * ./mvnw -q -pl examples -am -DskipTests package exec:java -Dexample=dev.atomicmongo.examples.CounterServerExample
 * curl 'http://localhost:8080/webhook?user_id=alice&amp;delta=5'
 * curl 'http://localhost:8080/status?user_id=alice'
 * curl 'http://localhost:8080/status'
 * </pre>
 *
 * <p>Arguments: {@code --port N} (else the {@code PORT} environment variable, else 8080), and
 * {@code --demo}, which serves on a free port, sends its own requests (the curl session above
 * and every kind of bad request), checks the answers and exits.
 *
 * <p>The contract: {@code GET}/{@code POST /webhook?user_id=U&delta=D[&event_id=E]} and {@code GET /status[?user_id=U]};
 * with {@code event_id} (the producer's delivery id, 1 to 256 characters) a redelivered webhook is
 * answered 200 with {@code "duplicate": true} and not counted again (see {@code Mailbox.post} with an
 * {@code OperationId});
 * any other path is 404 (paths are matched exactly), any other method 405 with {@code Allow};
 * every error is {@code {"error": "..."}} as {@code application/json}. {@code user_id} is 1 to 256
 * bytes of UTF-8 after strict percent-decoding; {@code delta} is a 64-bit signed integer. An
 * increment that would take a counter past the 64-bit range is not applied and is counted as
 * {@code refused} in the user's status (the sum is known only when the batch runs, after the
 * webhook has answered 202). The port is bound before anything else starts: a taken port or a bad
 * {@code PORT}/{@code --port} is one line on stderr and a non-zero exit (2 for bad arguments, 1
 * for a failed start), and everything started is closed on every way out.
 */
public final class CounterServerExample implements AutoCloseable {
    private static final int DEFAULT_PORT = 8080;
    /** The longest {@code user_id} accepted, in bytes of UTF-8. */
    static final int MAX_USER_ID_BYTES = 256;
    private static final String WEBHOOK_METHODS = "GET, POST";
    private static final String STATUS_METHODS = "GET";

    /** A user's state: the counter, and how many increments were refused because the sum left the 64-bit range. */
    public record Counter(long value, long refused) {
    }

    /** An event: add {@code delta} to the counter. */
    public record Increment(long delta) {
    }

    /** A bad {@code --port}, {@code PORT} or argument: the message says what was wrong and how to fix it. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** The server could not start (its port is taken, the store failed); everything it started is closed. */
    static final class StartupException extends Exception {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A request the server refuses: the HTTP status and the error text. */
    private static final class BadRequest extends Exception {
        private final int status;

        BadRequest(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The command line: the port to serve on and whether to run the self-check. */
    record Options(int port, boolean demo) {
        static Options parse(String[] args, Map<String, String> env) throws UsageException {
            boolean demo = false;
            String port = null;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--demo" -> demo = true;
                    case "--port" -> {
                        if (i + 1 >= args.length) {
                            throw new UsageException("--port needs a number from 0 to 65535 (or set PORT=...)");
                        }
                        port = args[++i];
                    }
                    default -> throw new UsageException("unknown argument '" + args[i]
                            + "'; the arguments are --port N and --demo");
                }
            }
            if (port != null) {
                return new Options(portNumber(port, "--port"), demo);
            }
            String fromEnv = env.get("PORT");
            if (demo || fromEnv == null || fromEnv.isEmpty()) {          // the self-check serves on a free port
                return new Options(demo ? 0 : DEFAULT_PORT, demo);
            }
            return new Options(portNumber(fromEnv, "PORT"), demo);
        }

        private static int portNumber(String text, String source) throws UsageException {
            int port;
            try {
                port = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new UsageException(source + " is '" + shorten(text) + "': a port is a number from 0 to 65535"
                        + " (0 picks a free one); set it with PORT=... or --port ...");
            }
            return port;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Mailbox<Counter, Increment> counters;
    private final TestMongo mongo;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CounterServerExample(HttpServer server, ExecutorService executor, Mailbox<Counter, Increment> counters,
            TestMongo mongo) {
        this.server = server;
        this.executor = executor;
        this.counters = counters;
        this.mongo = mongo;
    }

    /**
     * Binds {@code port} first, then starts the store with {@code store} and the mailbox, and
     * serves. Nothing but the socket exists while binding, so a taken port starts nothing; a
     * failure after binding closes what was started (the socket, the store) before it is thrown.
     *
     * @param store starts the MongoDB client (and the embedded server, if that is the source)
     * @param fresh drop the collection first (the self-check starts from nothing)
     * @throws StartupException naming the port if it cannot be bound, or the store's failure
     */
    static CounterServerExample start(int port, Supplier<TestMongo> store, boolean fresh) throws StartupException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (BindException e) {
            throw new StartupException("port " + port + " is taken (" + e.getMessage() + "); stop what holds it"
                    + " or choose another port with PORT=... or --port ...", e);
        } catch (IOException | RuntimeException e) {
            throw new StartupException("cannot listen on port " + port + " (" + reason(e) + "); choose another port with"
                    + " PORT=... or --port ...", e);
        }
        ExecutorService executor = null;
        TestMongo mongo = null;
        Mailbox<Counter, Increment> counters = null;
        try {
            mongo = store.get();
            System.out.println("Server: " + mongo.description());
            MongoCollection<Document> collection = mongo.database("atomic_mongo_examples").getCollection("counters");
            if (fresh) {
                collection.drop();
            }
            counters = counters(collection);
            executor = Executors.newFixedThreadPool(4);
            CounterServerExample example = new CounterServerExample(server, executor, counters, mongo);
            server.createContext("/", example::route);      // one context: the path is matched exactly in route
            server.setExecutor(executor);
            server.start();
            return example;
        } catch (RuntimeException | Error e) {
            release(server);
            closeAll(executor, counters, mongo);
            throw new StartupException("the counter server on port " + port + " could not start: " + reason(e), e);
        }
    }

    private static String reason(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Closes the socket of a server that never started. On JDK 17 {@code stop} alone leaves it
     * bound: the channel is registered with the server's selector, and only the dispatcher thread,
     * which {@code start} creates, closes it. So start with no context (nothing is served), then stop.
     */
    private static void release(HttpServer server) {
        try {
            server.start();
        } catch (RuntimeException alreadyStarted) {
            // started before the failure: stop alone closes it
        }
        server.stop(0);
    }

    private static Mailbox<Counter, Increment> counters(MongoCollection<Document> collection) {
        // --8<-- [start:mailbox]
        Mailbox<Counter, Increment> counters = Mailbox.builder(collection, Counter.class, Increment.class)
                .initialState(() -> new Counter(0, 0))
                .handler((userId, counter, events) -> {
                    long value = counter.value();
                    long refused = counter.refused();
                    for (MailboxEvent<Increment> event : events) {      // oldest first, in post order
                        try {
                            value = Math.addExact(value, event.event().delta());
                        } catch (ArithmeticException pastLongRange) { // never wrap: refuse and count it
                            refused++;
                        }
                    }
                    return new Counter(value, refused);                  // stored with the batch's removal
                })
                .lockTtl(Duration.ofSeconds(30))
                .batchSize(100)
                .parallelism(4)
                .build();
        // --8<-- [end:mailbox]
        return counters;
    }

    /** The port this server listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving, then stops the mailbox (waiting for running batches), then the store. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        closeAll(executor, counters, mongo);
    }

    private static void closeAll(ExecutorService executor, Mailbox<?, ?> counters, TestMongo mongo) {
        try {
            if (executor != null) {
                executor.shutdown();
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                if (counters != null) {
                    counters.close();                 // stops taking work, waits for running batches
                }
            } finally {
                if (mongo != null) {
                    mongo.close();
                }
            }
        }
    }

    /**
     * Parses the arguments, then serves until Ctrl-C (or runs the self-check with {@code --demo}).
     * The only place that exits: 2 for a bad argument or port value, 1 for a failed start.
     */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (UsageException e) {
            System.err.println("counter server: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.demo()) {
            demo(options.port());
            return;
        }
        CounterServerExample example;
        try {
            example = start(options.port(), CounterServerExample::startStore, false);
        } catch (StartupException e) {
            System.err.println("counter server: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(example::close, "counter-server-shutdown"));
        String base = "http://localhost:" + example.port();
        System.out.println("Counter server on " + base + " (mailbox owner " + example.counters.owner() + ", posts in "
                + (example.counters.postsInOneRoundTrip() ? "one round trip" : "two round trips") + ")");
        System.out.println("Try:  curl '" + base + "/webhook?user_id=alice&delta=5'");
        System.out.println("      curl '" + base + "/status?user_id=alice'   or   curl '" + base + "/status'");
        System.out.println("Stop with Ctrl-C.");
    }

    private static TestMongo startStore() {
        return TestMongo.start(ServerSource.URI, ServerSource.EMBEDDED);
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private void route(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            try {
                switch (path == null ? "" : path) {
                    case "/webhook" -> {
                        requireMethod(method, WEBHOOK_METHODS, exchange);
                        webhook(exchange);
                    }
                    case "/status" -> {
                        requireMethod(method, STATUS_METHODS, exchange);
                        status(exchange);
                    }
                    default -> throw new BadRequest(404, "no such path: " + shorten(path)
                            + " (the paths are /webhook and /status)");
                }
            } catch (BadRequest e) {
                respond(exchange, e.status, error(e.getMessage()));
            } catch (IllegalArgumentException e) {         // the mailbox refused the key
                respond(exchange, 400, error(e.getMessage()));
            } catch (AtomicMongoException e) {             // the store failed or did not answer
                respond(exchange, 503, error("the store failed, try again: " + e.getMessage()));
            } catch (RuntimeException e) {
                respond(exchange, 500, error("internal error: " + e));
            }
        }
    }

    private static void requireMethod(String method, String allowed, HttpExchange exchange) throws BadRequest {
        if (!List.of(allowed.split(", ")).contains(method)) {
            exchange.getResponseHeaders().set("Allow", allowed);
            throw new BadRequest(405, "method " + shorten(method) + " is not allowed here; allowed: " + allowed);
        }
    }

    private void webhook(HttpExchange exchange) throws IOException, BadRequest {
        Map<String, String> query = query(exchange);
        String userId = userId(query.get("user_id"));
        long amount = delta(query.get("delta"));
        String producerEventId = query.get("event_id");
        if (producerEventId != null) {                       // a redelivery with the same event_id adds nothing
            Optional<ObjectId> stored = counters.post(userId, new Increment(amount), OperationId.of(producerEventId));
            respond(exchange, stored.isPresent() ? 202 : 200, "{\"accepted\": true, \"duplicate\": "
                    + stored.isEmpty() + ", \"user_id\": " + json(userId) + ", \"delta\": " + amount
                    + ", \"event_id\": " + json(producerEventId) + "}");
            return;
        }
        // --8<-- [start:post]
        ObjectId eventId = counters.post(userId, new Increment(amount));   // durable when this returns
        // --8<-- [end:post]
        respond(exchange, 202, "{\"accepted\": true, \"user_id\": " + json(userId) + ", \"delta\": " + amount
                + ", \"event_id\": \"" + eventId.toHexString() + "\"}");
    }

    private void status(HttpExchange exchange) throws IOException, BadRequest {
        Map<String, String> query = query(exchange);
        if (!query.containsKey("user_id")) {
            String users = counters.snapshots().stream().map(CounterServerExample::toJson)
                    .collect(Collectors.joining(", "));
            respond(exchange, 200, "{\"users\": [" + users + "]}");
            return;
        }
        String userId = userId(query.get("user_id"));
        Optional<MailboxSnapshot<Counter>> snapshot = counters.snapshot(userId);
        if (snapshot.isEmpty()) {
            throw new BadRequest(404, "no events for user_id '" + shorten(userId) + "'");
        }
        respond(exchange, 200, toJson(snapshot.get()));
    }

    /** A user id: present, not blank, at most {@value #MAX_USER_ID_BYTES} bytes of UTF-8. */
    static String userId(String value) throws BadRequest {
        if (value == null || value.isBlank()) {
            throw new BadRequest(400, "missing user_id");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_USER_ID_BYTES) {
            throw new BadRequest(400, "user_id is " + bytes + " bytes of UTF-8; at most " + MAX_USER_ID_BYTES);
        }
        return value;
    }

    /** A delta: a 64-bit signed integer, written in decimal without spaces. */
    static long delta(String value) throws BadRequest {
        try {
            return Long.parseLong(value == null ? "" : value);
        } catch (NumberFormatException e) {
            throw new BadRequest(400, "delta must be an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE
                    + ", got " + (value == null ? "none" : "'" + shorten(value) + "'"));
        }
    }

    private static String toJson(MailboxSnapshot<Counter> snapshot) {
        return "{\"user_id\": " + json(snapshot.key()) + ", \"counter\": " + snapshot.state().value()
                + ", \"refused\": " + snapshot.state().refused() + ", \"pending\": " + snapshot.pendingEvents() + "}";
    }

    private static Map<String, String> query(HttpExchange exchange) throws BadRequest {
        return query(exchange.getRequestURI().getRawQuery());
    }

    /**
     * Decodes a raw query strictly: {@code +} is a space, {@code %XX} needs two hex digits, the
     * bytes must be valid UTF-8, and a name given twice is refused (which one would count?).
     */
    static Map<String, String> query(String raw) throws BadRequest {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "a parameter name");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
            if (params.putIfAbsent(name, value) != null) {
                throw new BadRequest(400, "query parameter " + json(shorten(name)) + " is given more than once");
            }
        }
        return params;
    }

    private static String decode(String text, String what) throws BadRequest {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 1 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new BadRequest(400, "malformed percent escape in " + shorten(what) + ": "
                            + text.substring(i, Math.min(text.length(), i + 3)));
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c > 0xff) {
                throw new BadRequest(400, shorten(what) + " holds a character that is not a byte: percent-encode it");
            } else {                                       // the JDK reads the request line one char per byte
                bytes.write(c == '+' ? ' ' : c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest(400, shorten(what) + " is not valid UTF-8 once percent-decoded");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String error(String message) {
        return "{\"error\": " + json(message) + "}";
    }

    /** At most 64 characters of a value echoed in an error, so a huge one is not sent back whole. */
    private static String shorten(String text) {
        return text == null || text.length() <= 64 ? String.valueOf(text) : text.substring(0, 61) + "...";
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    // ---- --demo: the curl session of the guide and every bad request, checked -------------------

    private static void demo(int port) throws Exception {
        badPortValuesAreUsageErrorsNamingTheFix();
        aTakenPortFailsBeforeAnythingElseStarts();
        aFailureAfterBindingReleasesThePort();
        theQueryDecoderAcceptsExactlyValidUtf8AndRoundTrips();
        try (CounterServerExample example = start(port, CounterServerExample::startStore, true)) {
            String base = "http://localhost:" + example.port();
            System.out.println("Counter server on " + base + " (mailbox owner " + example.counters.owner()
                    + ", posts in " + (example.counters.postsInOneRoundTrip() ? "one round trip" : "two round trips")
                    + ")");
            HttpClient http = HttpClient.newHttpClient();
            theCurlSessionOfTheGuide(http, base);
            deltaIsA64BitInteger(http, base);
            aSumPastTheLongRangeIsRefusedNeverWrapped(http, base);
            aRedeliveredEventIdIsCountedOnce(http, base);
            everyAcceptedWebhookIsAppliedOnceUnderConcurrentRequests(http, base);
            pathsAreExactAndMethodsChecked(http, base);
            userIdsAreCheckedAndTheQueryDecodedStrictly(http, base, example.port());
            aStoreThatFailsIsA503(http, base, example);
        }
    }

    private static void badPortValuesAreUsageErrorsNamingTheFix() throws Exception {
        check(Options.parse(new String[0], Map.of()).port() == DEFAULT_PORT
                        && Options.parse(new String[0], Map.of("PORT", "9090")).port() == 9090
                        && Options.parse(new String[] {"--port", "0"}, Map.of("PORT", "9090")).port() == 0,
                "the port is --port, else PORT, else " + DEFAULT_PORT);
        List<String[]> badArgs = List.of(new String[] {"--port", "eighty"}, new String[] {"--port", "65536"},
                new String[] {"--port", "-1"}, new String[] {"--port", " 80"}, new String[] {"--port"},
                new String[] {"--prot", "80"});
        for (String[] args : badArgs) {
            String message = usageError(args, Map.of());
            check(message != null && (message.contains("--port") || message.contains("unknown argument")),
                    String.join(" ", args) + " is refused: " + message);
        }
        for (String env : List.of("http", "99999", "8080.5")) {
            String message = usageError(new String[0], Map.of("PORT", env));
            check(message != null && message.contains("PORT is '" + env + "'") && message.contains("--port"),
                    "PORT=" + env + " is refused: " + message);
        }
    }

    private static String usageError(String[] args, Map<String, String> env) {
        try {
            Options.parse(args, env);
            return null;
        } catch (UsageException e) {
            return e.getMessage();
        }
    }

    private static void aTakenPortFailsBeforeAnythingElseStarts() throws Exception {
        AtomicBoolean storeStarted = new AtomicBoolean();
        try (ServerSocket holder = new ServerSocket(0)) {
            int port = holder.getLocalPort();
            String message = startupError(port, () -> {
                storeStarted.set(true);
                return startStore();
            });
            check(message != null && message.contains("port " + port + " is taken") && message.contains("PORT=")
                            && message.contains("--port") && !storeStarted.get(),
                    "a taken port fails at once, before the store starts: " + message);
        }
    }

    private static void aFailureAfterBindingReleasesThePort() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String message = startupError(port, () -> {
            throw new IllegalStateException("no store today");
        });
        boolean released;
        try (ServerSocket again = new ServerSocket(port)) {
            released = again.isBound();
        } catch (IOException e) {
            released = false;
        }
        check(message != null && message.contains("no store today") && released,
                "a store that fails to start is reported and the port is released: " + message);
    }

    /** 4,000 generated cases with a fixed seed, so a failure is reproducible: no server needed. */
    private static void theQueryDecoderAcceptsExactlyValidUtf8AndRoundTrips() throws Exception {
        java.util.Random random = new java.util.Random(9);
        int roundTrips = 0;
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                int codePoint = switch (random.nextInt(4)) {
                    case 0 -> 0x20 + random.nextInt(0x5f);                 // ASCII, with & = + % among them
                    case 1 -> 0x80 + random.nextInt(0x780);                // two bytes of UTF-8
                    case 2 -> 0xe000 + random.nextInt(0x1000);             // three
                    default -> 0x10000 + random.nextInt(0x10000);          // four: a surrogate pair in Java
                };
                text.appendCodePoint(codePoint);
            }
            String value = text.toString();
            String encoded = java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
            Map<String, String> decoded = query("user_id=" + encoded + "&delta=1");
            if (!value.equals(decoded.get("user_id")) || !"1".equals(decoded.get("delta"))) {
                check(false, "'" + value + "' encoded as " + encoded + " decodes to itself, got " + decoded);
            }
            roundTrips++;
        }
        check(roundTrips == 2_000, roundTrips + " generated strings, URL-encoded by the JDK, decode to themselves");
        int valid = 0;
        int invalid = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = new byte[random.nextInt(6)];
            random.nextBytes(bytes);
            StringBuilder encoded = new StringBuilder();
            for (byte b : bytes) {
                encoded.append(String.format("%%%02x", b & 0xff));
            }
            String expected;
            try {
                expected = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
                valid++;
            } catch (CharacterCodingException e) {
                expected = null;
                invalid++;
            }
            String got;
            try {
                got = query("user_id=" + encoded).get("user_id");
            } catch (BadRequest e) {
                got = null;
            }
            if (!java.util.Objects.equals(expected, got)) {
                check(false, "random bytes " + encoded + ": expected " + expected + ", got " + got);
            }
        }
        check(valid > 0 && invalid > 0, "2000 random byte strings, percent-encoded: the " + valid + " valid UTF-8 ones"
                + " decode exactly, the " + invalid + " others are refused");
    }

    private static String startupError(int port, Supplier<TestMongo> store) {
        try (CounterServerExample unexpected = start(port, store, false)) {
            return null;
        } catch (StartupException e) {
            return e.getMessage();
        }
    }

    private static void theCurlSessionOfTheGuide(HttpClient http, String base) throws Exception {
        for (String path : List.of("/webhook?user_id=alice&delta=5", "/webhook?user_id=bob&delta=3",
                "/webhook?user_id=alice&delta=2")) {
            HttpResponse<String> response = get(http, base + path);
            check(response.statusCode() == 202, path + " is accepted (202)");
        }
        HttpResponse<String> noUser = get(http, base + "/webhook?delta=5");
        checkError(noUser, 400, "missing user_id", "a webhook without user_id");
        HttpResponse<String> badDelta = get(http, base + "/webhook?user_id=carol&delta=five");
        checkError(badDelta, 400, "got 'five'", "a non-integer delta");

        String alice = "{\"user_id\": \"alice\", \"counter\": 7, \"refused\": 0, \"pending\": 0}";
        String body = awaitStatus(http, base, "alice", alice);
        check(body.equals(alice), "/status?user_id=alice -> " + body);
        String all = get(http, base + "/status").body().trim();
        check(all.equals("{\"users\": [" + alice
                        + ", {\"user_id\": \"bob\", \"counter\": 3, \"refused\": 0, \"pending\": 0}]}"),
                "/status -> " + all + " (carol's bad request stored nothing)");
        checkError(get(http, base + "/status?user_id=carol"), 404, "no events for user_id 'carol'",
                "/status?user_id=carol");
    }

    private static void deltaIsA64BitInteger(HttpClient http, String base) throws Exception {
        HttpResponse<String> max = get(http, base + "/webhook?user_id=dave&delta=" + Long.MAX_VALUE);
        HttpResponse<String> min = get(http, base + "/webhook?user_id=erin&delta=" + Long.MIN_VALUE);
        check(max.statusCode() == 202 && max.body().contains("\"delta\": " + Long.MAX_VALUE)
                        && min.statusCode() == 202 && min.body().contains("\"delta\": " + Long.MIN_VALUE),
                "delta is an int64: Long.MAX_VALUE and Long.MIN_VALUE are accepted");
        for (String bad : List.of("9223372036854775808", "-9223372036854775809", "1.5", "1e3", "0x10", "", "+",
                "%205", "5%20")) {
            checkError(get(http, base + "/webhook?user_id=dave&delta=" + bad), 400, "delta must be an integer",
                    "delta=" + bad);
        }
        checkError(get(http, base + "/webhook?user_id=dave"), 400, "got none", "a webhook without delta");
    }

    private static void aSumPastTheLongRangeIsRefusedNeverWrapped(HttpClient http, String base) throws Exception {
        for (String delta : List.of(String.valueOf(Long.MAX_VALUE - 1), "1", "1", "-5")) {
            check(get(http, base + "/webhook?user_id=frank&delta=" + delta).statusCode() == 202,
                    "frank += " + delta + " is accepted (202)");
        }
        String expected = "{\"user_id\": \"frank\", \"counter\": " + (Long.MAX_VALUE - 5)
                + ", \"refused\": 1, \"pending\": 0}";
        String body = awaitStatus(http, base, "frank", expected);
        check(body.equals(expected), "the increment that would pass Long.MAX_VALUE is refused and counted,"
                + " the others applied: " + body);
    }

    private static void aRedeliveredEventIdIsCountedOnce(HttpClient http, String base) throws Exception {
        HttpResponse<String> first = get(http, base + "/webhook?user_id=gina&delta=5&event_id=delivery-1");
        HttpResponse<String> again = get(http, base + "/webhook?user_id=gina&delta=5&event_id=delivery-1");
        HttpResponse<String> other = get(http, base + "/webhook?user_id=gina&delta=2&event_id=delivery-2");
        check(first.statusCode() == 202 && first.body().contains("\"duplicate\": false")
                        && again.statusCode() == 200 && again.body().contains("\"duplicate\": true")
                        && other.statusCode() == 202,
                "a webhook redelivered with the same event_id is accepted as a duplicate (200), not posted again");
        checkError(get(http, base + "/webhook?user_id=gina&delta=5&event_id="), 400, "operation id: must not be blank",
                "an empty event_id");
        String expected = "{\"user_id\": \"gina\", \"counter\": 7, \"refused\": 0, \"pending\": 0}";
        String body = awaitStatus(http, base, "gina", expected);
        check(body.equals(expected), "event_id delivery-1 counted once: " + body);
    }

    private static void everyAcceptedWebhookIsAppliedOnceUnderConcurrentRequests(HttpClient http, String base)
            throws Exception {
        int threads = 8;
        int perThread = 40;
        java.util.concurrent.CountDownLatch startLine = new java.util.concurrent.CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<Long>> sums = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                sums.add(pool.submit(() -> {
                    startLine.await();
                    long accepted = 0;
                    for (int i = 0; i < perThread; i++) {
                        long delta = thread * 1_000L + i - 20;          // some negative, some not
                        String user = "crowd-" + (i % 3);
                        int status = get(http, base + "/webhook?user_id=" + user + "&delta=" + delta).statusCode();
                        if (status != 202) {
                            throw new IllegalStateException("a concurrent webhook got " + status);
                        }
                        accepted += delta;
                    }
                    return accepted;
                }));
            }
            startLine.countDown();
            long expected = 0;
            for (java.util.concurrent.Future<Long> sum : sums) {
                expected += sum.get(60, TimeUnit.SECONDS);
            }
            long total = 0;
            for (int u = 0; u < 3; u++) {
                String body = awaitStatus(http, base, "crowd-" + u, "");
                total += Long.parseLong(body.replaceAll(".*\"counter\": (-?\\d+),.*", "$1"));
            }
            check(total == expected, threads + " threads x " + perThread + " concurrent webhooks on 3 users, all 202:"
                    + " the counters add up to the posted deltas exactly (" + total + ")");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void pathsAreExactAndMethodsChecked(HttpClient http, String base) throws Exception {
        for (String path : List.of("/", "/webhookX?user_id=alice&delta=1", "/webhook/?user_id=alice&delta=1",
                "/status/extra", "/statusX", "/Status", "/favicon.ico")) {
            checkError(get(http, base + path), 404, "no such path", "GET " + path);
        }
        record Call(String method, String path, String allow) {
        }
        for (Call call : List.of(new Call("DELETE", "/webhook?user_id=alice&delta=1", WEBHOOK_METHODS),
                new Call("PUT", "/webhook?user_id=alice&delta=1", WEBHOOK_METHODS),
                new Call("POST", "/status", STATUS_METHODS), new Call("DELETE", "/status?user_id=alice", STATUS_METHODS))) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + call.path()))
                    .method(call.method(), HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            checkError(response, 405, "not allowed", call.method() + " " + call.path());
            String allow = response.headers().firstValue("Allow").orElse("none");
            check(allow.equals(call.allow()), call.method() + " " + call.path() + " names the methods: Allow: " + allow);
        }
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/webhook?user_id=alice&delta=1"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        check(post.statusCode() == 202, "POST /webhook is accepted as GET is (202)");
    }

    private static void userIdsAreCheckedAndTheQueryDecodedStrictly(HttpClient http, String base, int port)
            throws Exception {
        String longest = "é".repeat(MAX_USER_ID_BYTES / 2);                    // 256 bytes of UTF-8
        String tooLong = "a" + longest;                                        // 257
        check(get(http, base + "/webhook?user_id=" + percentEncode(longest) + "&delta=1").statusCode() == 202,
                "a user_id of " + MAX_USER_ID_BYTES + " bytes of UTF-8 is accepted");
        checkError(get(http, base + "/webhook?user_id=" + percentEncode(tooLong) + "&delta=1"), 400,
                "user_id is 257 bytes of UTF-8; at most 256", "a user_id of 257 bytes");
        checkError(get(http, base + "/status?user_id=" + percentEncode(tooLong)), 400, "at most 256",
                "/status with a user_id of 257 bytes");
        for (String bad : List.of("", "%20", "+")) {
            checkError(get(http, base + "/webhook?user_id=" + bad + "&delta=1"), 400, "missing user_id",
                    "user_id='" + bad + "'");
        }
        checkError(get(http, base + "/status?user_id="), 400, "missing user_id", "/status?user_id=");
        for (String bad : List.of("%FF", "%C3", "%C3%28", "%E2%82", "%ED%A0%80", "%C0%AF")) {
            checkError(get(http, base + "/webhook?user_id=" + bad + "&delta=1"), 400, "user_id is not valid UTF-8",
                    "user_id=" + bad);
        }
        checkError(get(http, base + "/webhook?user_id=a&user_id=b&delta=1"), 400, "given more than once",
                "user_id given twice");
        check(get(http, base + "/webhook?user_id=" + percentEncode("zoë & co") + "&delta=1").statusCode() == 202
                        && awaitStatus(http, base, percentEncode("zoë & co"), "").contains("\"zoë & co\""),
                "a percent-encoded user_id with non-ASCII and '&' is decoded once, exactly");
        for (String bad : List.of("%G1", "%4", "abc%")) {
            String response = rawGet(port, "/webhook?user_id=" + bad + "&delta=1");
            check(response.startsWith("HTTP/1.1 400"), "a malformed percent escape (user_id=" + bad + ") is 400: "
                    + response.lines().findFirst().orElse(""));
        }
        String refused;
        try {
            query("user_id=%4x");
            refused = null;
        } catch (BadRequest e) {
            refused = e.getMessage();
        }
        check(refused != null && refused.contains("malformed percent escape"),
                "the decoder itself refuses a malformed escape: " + refused);
    }

    private static void aStoreThatFailsIsA503(HttpClient http, String base, CounterServerExample example)
            throws Exception {
        example.mongo.client().close();                 // the store goes away under the running server
        checkError(get(http, base + "/webhook?user_id=alice&delta=1"), 503, "the store failed",
                "a webhook while the store is gone");
        checkError(get(http, base + "/status?user_id=alice"), 503, "the store failed",
                "/status?user_id=alice while the store is gone");
    }

    private static String awaitStatus(HttpClient http, String base, String encodedUser, String expected)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            HttpResponse<String> response = get(http, base + "/status?user_id=" + encodedUser);
            String body = response.body().trim();
            boolean settled = expected.isEmpty() ? response.statusCode() == 200 && body.endsWith("\"pending\": 0}")
                    : body.equals(expected);
            if (settled || System.nanoTime() > deadline) {
                return body;
            }
            Thread.sleep(20);       // polling an eventually applied counter, as a client would
        }
    }

    private static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format("%%%02X", b & 0xff));
        }
        return out.toString();
    }

    /** Sends a request line as given (HttpClient refuses a URI with a malformed escape); returns the response. */
    private static String rawGet(int port, String target) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void checkError(HttpResponse<String> response, int status, String fragment, String what) {
        String body = response.body().trim();
        String type = response.headers().firstValue("Content-Type").orElse("none");
        check(response.statusCode() == status && body.startsWith("{\"error\": \"") && body.endsWith("\"}")
                        && body.contains(fragment) && type.equals("application/json; charset=utf-8"),
                what + " -> " + response.statusCode() + " " + body);
    }

    private static void check(boolean ok, String what) {
        System.out.println((ok ? "PASS  " : "FAIL  ") + what);
        if (!ok) {
            throw new IllegalStateException("Check failed: " + what);
        }
    }
}
