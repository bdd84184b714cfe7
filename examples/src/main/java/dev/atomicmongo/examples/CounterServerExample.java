package dev.atomicmongo.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
 * {@code --demo}, which serves on a free port, sends a few requests itself, checks the answers
 * and exits.
 */
public final class CounterServerExample {
    private static final int DEFAULT_PORT = 8080;

    /** A user's state: the counter. */
    public record Counter(long value) {
    }

    /** An event: add {@code delta} to the counter. */
    public record Increment(long delta) {
    }

    private final Mailbox<Counter, Increment> counters;
    private final HttpServer server;

    private CounterServerExample(MongoCollection<Document> collection, int port) throws IOException {
        // --8<-- [start:mailbox]
        counters = Mailbox.builder(collection, Counter.class, Increment.class)
                .initialState(() -> new Counter(0))
                .handler((userId, counter, events) -> {
                    long value = counter.value();
                    for (MailboxEvent<Increment> event : events) {      // oldest first, in post order
                        value += event.event().delta();
                    }
                    return new Counter(value);                           // stored with the batch's removal
                })
                .lockTtl(Duration.ofSeconds(30))
                .batchSize(100)
                .parallelism(4)
                .build();
        // --8<-- [end:mailbox]
        server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/webhook", this::webhook);
        server.createContext("/status", this::status);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public static void main(String[] args) throws Exception {
        boolean demo = List.of(args).contains("--demo");
        int port = port(args, demo ? 0 : DEFAULT_PORT);
        TestMongo mongo = TestMongo.start(ServerSource.URI, ServerSource.EMBEDDED);
        System.out.println("Server: " + mongo.description());
        MongoDatabase db = mongo.database("atomic_mongo_examples");
        MongoCollection<Document> collection = db.getCollection("counters");
        if (demo) {
            collection.drop();
        }
        CounterServerExample example = new CounterServerExample(collection, port);
        String base = "http://localhost:" + example.server.getAddress().getPort();
        System.out.println("Counter server on " + base + " (mailbox owner " + example.counters.owner() + ", posts in "
                + (example.counters.postsInOneRoundTrip() ? "one round trip" : "two round trips") + ")");
        if (demo) {
            try {
                demo(base);
            } finally {
                example.stop();
                mongo.close();
            }
            return;
        }
        System.out.println("Try:  curl '" + base + "/webhook?user_id=alice&delta=5'");
        System.out.println("      curl '" + base + "/status?user_id=alice'   or   curl '" + base + "/status'");
        System.out.println("Stop with Ctrl-C.");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            example.stop();
            mongo.close();
        }, "counter-server-shutdown"));
    }

    private void stop() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdown();
        counters.close();                 // stops taking work, waits for running batches
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private void webhook(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange);
        String userId = query.get("user_id");
        String delta = query.get("delta");
        if (userId == null || userId.isBlank()) {
            respond(exchange, 400, "{\"error\": \"missing user_id\"}");
            return;
        }
        long amount;
        try {
            amount = Integer.parseInt(delta == null ? "" : delta.trim());
        } catch (NumberFormatException e) {
            respond(exchange, 400, "{\"error\": " + json("delta must be an integer, got "
                    + (delta == null ? "none" : "'" + delta + "'")) + "}");
            return;
        }
        // --8<-- [start:post]
        ObjectId eventId = counters.post(userId, new Increment(amount));   // durable when this returns
        // --8<-- [end:post]
        respond(exchange, 202, "{\"accepted\": true, \"user_id\": " + json(userId) + ", \"delta\": " + amount
                + ", \"event_id\": \"" + eventId.toHexString() + "\"}");
    }

    private void status(HttpExchange exchange) throws IOException {
        String userId = query(exchange).get("user_id");
        if (userId == null) {
            String users = counters.snapshots().stream().map(CounterServerExample::toJson)
                    .collect(Collectors.joining(", "));
            respond(exchange, 200, "{\"users\": [" + users + "]}");
            return;
        }
        if (userId.isBlank()) {
            respond(exchange, 400, "{\"error\": \"missing user_id\"}");
            return;
        }
        Optional<MailboxSnapshot<Counter>> snapshot = counters.snapshot(userId);
        if (snapshot.isEmpty()) {
            respond(exchange, 404, "{\"error\": " + json("no events for user_id '" + userId + "'") + "}");
            return;
        }
        respond(exchange, 200, toJson(snapshot.get()));
    }

    private static String toJson(MailboxSnapshot<Counter> snapshot) {
        return "{\"user_id\": " + json(snapshot.key()) + ", \"counter\": " + snapshot.state().value()
                + ", \"pending\": " + snapshot.pendingEvents() + "}";
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> params = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.putIfAbsent(name, value);
            }
        }
        return params;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
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

    private static int port(String[] args, int fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--port needs a number");
                }
                return Integer.parseInt(args[i + 1]);
            }
        }
        String env = System.getenv("PORT");
        return env == null || env.isBlank() ? fallback : Integer.parseInt(env.trim());
    }

    // ---- --demo: the curl session of the guide, checked -------------------------------------

    private static void demo(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("/webhook?user_id=alice&delta=5", "/webhook?user_id=bob&delta=3",
                "/webhook?user_id=alice&delta=2")) {
            HttpResponse<String> response = get(http, base + path);
            check(response.statusCode() == 202, path + " is accepted (202)");
        }
        HttpResponse<String> noUser = get(http, base + "/webhook?delta=5");
        check(noUser.statusCode() == 400 && noUser.body().contains("missing user_id"),
                "a webhook without user_id gets 400: " + noUser.body().trim());
        HttpResponse<String> badDelta = get(http, base + "/webhook?user_id=carol&delta=five");
        check(badDelta.statusCode() == 400 && badDelta.body().contains("delta must be an integer, got 'five'"),
                "a non-integer delta gets 400: " + badDelta.body().trim());

        String alice = "{\"user_id\": \"alice\", \"counter\": 7, \"pending\": 0}";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String body = get(http, base + "/status?user_id=alice").body().trim();
        while (!body.equals(alice) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            body = get(http, base + "/status?user_id=alice").body().trim();
        }
        check(body.equals(alice), "/status?user_id=alice -> " + body);
        String all = get(http, base + "/status").body().trim();
        check(all.equals("{\"users\": [" + alice + ", {\"user_id\": \"bob\", \"counter\": 3, \"pending\": 0}]}"),
                "/status -> " + all + " (carol's bad request stored nothing)");
        HttpResponse<String> unknown = get(http, base + "/status?user_id=carol");
        check(unknown.statusCode() == 404, "/status?user_id=carol -> 404 " + unknown.body().trim());
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void check(boolean ok, String what) {
        System.out.println((ok ? "PASS  " : "FAIL  ") + what);
        if (!ok) {
            throw new IllegalStateException("Check failed: " + what);
        }
    }
}
