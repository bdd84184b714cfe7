package dev.atomicmongo.test;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import dev.atomicmongo.Capability;
import dev.atomicmongo.collection.ServerCapabilities;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * A MongoDB server for tests and examples, chosen in this order:
 * <ol>
 *   <li>{@code MONGODB_URI} (environment variable or system property), a real server you point to;</li>
 *   <li>Testcontainers' MongoDB container, a single-node replica set (so transactions run) of the
 *       image named by {@code ATOMIC_MONGO_IMAGE} (system property or environment variable,
 *       default {@value #IMAGE}), when a Docker engine answers;</li>
 *   <li>the embedded in-process {@code mongo-java-server} (memory backend) with this module's test
 *       emulation of pipeline updates and {@code $bit}: not MongoDB, and named so in
 *       {@link #description()}. {@link #embedded(boolean) embedded(false)} starts it without the
 *       emulation, for tests of the paths taken on servers without pipeline updates.</li>
 * </ol>
 * It logs which one it uses (with the server's {@code buildInfo} version), and probes the server's {@linkplain #capabilities() capabilities}
 * once, so a test can be skipped by {@link #assumeCapability(Capability)} where the server lacks
 * one. {@link #shared()} is the one JVM-wide instance that {@link MongoTest} uses. Thread-safe.
 *
 * <pre>{@code
 * try (TestMongo mongo = TestMongo.start(ServerSource.URI, ServerSource.EMBEDDED)) {
 *     System.out.println("Using " + mongo.description());
 *     MongoDatabase db = mongo.freshDatabase("example");
 * }
 * }</pre>
 */
public final class TestMongo implements AutoCloseable {
    /** The container image used when Docker is available and {@value #IMAGE_VARIABLE} is not set. */
    public static final String IMAGE = "mongo:8.0";
    /** The system property or environment variable naming the container image, e.g. {@code mongo:7.0}. */
    public static final String IMAGE_VARIABLE = "ATOMIC_MONGO_IMAGE";
    /** The environment variable or system property naming a real server. */
    public static final String URI_VARIABLE = "MONGODB_URI";

    private static final Logger LOG = LoggerFactory.getLogger(TestMongo.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestMongo shared;
    private static TestMongo sharedPlain;

    private final ServerSource source;
    private final String mode;
    private final String connectionString;
    private final MongoClient client;
    private final AutoCloseable server;
    private volatile ServerCapabilities capabilities;
    private volatile String serverVersion;

    private TestMongo(ServerSource source, String mode, String connectionString, AutoCloseable server) {
        this.source = source;
        this.mode = mode;
        this.connectionString = connectionString;
        this.server = server;
        this.client = MongoClients.create(connectionString);
    }

    /** The JVM-wide server, started on first use by the full three-way choice and closed at exit. */
    public static synchronized TestMongo shared() {
        if (shared == null) {
            shared = start(ServerSource.values());
            TestMongo started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "atomic-mongo-test-shutdown"));
        }
        return shared;
    }

    /**
     * The JVM-wide plain embedded server ({@link #embedded(boolean) embedded(false)}: no pipeline
     * updates, no {@code $bit}), started on first use and closed at exit, for tests of the fallback
     * paths the library takes on such servers, whatever server {@link #shared()} is.
     */
    public static synchronized TestMongo sharedPlainEmbedded() {
        if (sharedPlain == null) {
            sharedPlain = embedded(false);
            TestMongo started = sharedPlain;
            LOG.info("atomic-mongo-test: fallback paths use {}", started.description());
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "atomic-mongo-test-plain-shutdown"));
        }
        return sharedPlain;
    }

    /**
     * Starts a new embedded in-process {@code mongo-java-server} (memory backend, one network
     * thread so that its replies are as consistent as MongoDB's); the caller closes it.
     *
     * @param pipelineUpdates true to add this module's test emulation of pipeline updates and
     *        {@code $bit}, with an {@code _id} index that serves any filter with an {@code _id}
     *        equality as MongoDB's does (what {@link ServerSource#EMBEDDED} starts), false for the
     *        plain server, which refuses both and scans for such filters as mongo-java-server does
     */
    public static TestMongo embedded(boolean pipelineUpdates) {
        MongoServer server = EmbeddedServer.start(pipelineUpdates, true);
        String mode = "embedded mongo-java-server " + EmbeddedServer.libraryVersion()
                + (pipelineUpdates
                    ? " + pipeline updates and $bit (atomic-mongo-test emulation, not MongoDB)"
                    : " (plain: no pipeline updates, no $bit; not MongoDB)");
        return new TestMongo(ServerSource.EMBEDDED, mode, server.getConnectionString(), server::shutdownNow);
    }

    /**
     * Starts the first available source of {@code order}: {@link ServerSource#URI} when the
     * variable is set, {@link ServerSource#TESTCONTAINERS} when Docker answers,
     * {@link ServerSource#EMBEDDED} always.
     *
     * @throws IllegalStateException if none of the sources is available
     */
    public static TestMongo start(ServerSource... order) {
        List<ServerSource> sources = Arrays.asList(order.clone());
        for (ServerSource source : sources) {
            TestMongo mongo = switch (source) {
                case URI -> fromUri();
                case TESTCONTAINERS -> fromContainer();
                case EMBEDDED -> embedded(true);
            };
            if (mongo != null) {
                announce("atomic-mongo-test: using " + mongo.description());
                return mongo;
            }
        }
        throw new IllegalStateException("No MongoDB server available from " + sources
                + " (set " + URI_VARIABLE + ", start Docker, or include EMBEDDED)");
    }

    /**
     * Logs the line at INFO; where no SLF4J provider is on the class path (SLF4J then drops every
     * log line), prints it to standard output instead, so a test run always says which server it
     * used, without any logging set up.
     */
    static void announce(String line) {
        if (LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory) {
            System.out.println(line);
        } else {
            LOG.info(line);
        }
    }

    /** The value of {@code MONGODB_URI}, from a system property or the environment, or null. */
    public static String configuredUri() {
        String uri = System.getProperty(URI_VARIABLE);
        if (uri == null || uri.isBlank()) {
            uri = System.getenv(URI_VARIABLE);
        }
        return uri == null || uri.isBlank() ? null : uri.trim();
    }

    private static TestMongo fromUri() {
        String uri = configuredUri();
        return uri == null ? null : new TestMongo(ServerSource.URI, "MongoDB from " + URI_VARIABLE, uri, null);
    }

    /** The container image: {@value #IMAGE_VARIABLE} from a system property or the environment, else {@value #IMAGE}. */
    public static String configuredImage() {
        String image = System.getProperty(IMAGE_VARIABLE);
        if (image == null || image.isBlank()) {
            image = System.getenv(IMAGE_VARIABLE);
        }
        return image == null || image.isBlank() ? IMAGE : image.trim();
    }

    private static TestMongo fromContainer() {
        Optional<String> hint = DockerHints.ofThisMachine().firstHint();
        if (hint.isEmpty()) {
            // asking Testcontainers here would log an ERROR block with a stack trace
            LOG.info("atomic-mongo-test: no Docker socket, DOCKER_HOST or Testcontainers setting found; not using Testcontainers");
            return null;
        }
        LOG.debug("atomic-mongo-test: asking Testcontainers for Docker because of {}", hint.get());
        boolean docker;
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            docker = false;
        }
        if (!docker) {
            LOG.info("atomic-mongo-test: no Docker engine answers; not using Testcontainers");
            return null;
        }
        String image = configuredImage();
        // testcontainers-mongodb 2.x starts a standalone mongod unless asked for a replica set
        MongoDBContainer container = new MongoDBContainer(image).withReplicaSet();
        container.start();
        return new TestMongo(ServerSource.TESTCONTAINERS, "Testcontainers " + image + " (single-node replica set)",
                container.getReplicaSetUrl(), container::stop);
    }

    /** Where the server comes from. */
    public ServerSource source() {
        return source;
    }

    /** The connection string of the server. */
    public String connectionString() {
        return connectionString;
    }

    /** A client shared by everyone using this server; do not close it. */
    public MongoClient client() {
        return client;
    }

    /**
     * A new client whose commands are reported to {@code listener}, for tests that count round
     * trips; the caller closes it.
     */
    public MongoClient newClient(CommandListener listener) {
        Objects.requireNonNull(listener, "listener");
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(connectionString))
                .addCommandListener(listener)
                .build());
    }

    /** A database by name. */
    public MongoDatabase database(String name) {
        return client.getDatabase(name);
    }

    /** A database with a name no other caller in this JVM gets, for test isolation. */
    public MongoDatabase freshDatabase(String hint) {
        String clean = hint == null ? "test" : hint.replaceAll("[^A-Za-z0-9_]", "_");
        if (clean.length() > 40) {
            clean = clean.substring(clean.length() - 40);
        }
        return client.getDatabase("t" + DATABASES.incrementAndGet() + "_" + clean + "_" + ProcessHandle.current().pid());
    }

    /** What the server supports, probed once. */
    public ServerCapabilities capabilities() {
        ServerCapabilities known = capabilities;
        if (known == null) {
            known = ServerCapabilities.probe(client.getDatabase("atomicmongo_probe"));
            capabilities = known;
            LOG.info("atomic-mongo-test: {} has {}", source, known);
        }
        return known;
    }

    /** True if the server has the capability. */
    public boolean has(Capability capability) {
        return capabilities().has(capability);
    }

    /** Skips the calling test (a JUnit assumption) when the server lacks the capability, naming it. */
    public void assumeCapability(Capability capability) {
        Assumptions.assumeTrue(has(capability), () -> "The test server (" + mode + ") lacks "
                + capability.description() + "; skipped");
    }

    /**
     * The version the server reports in {@code buildInfo} (the embedded server reports the MongoDB
     * version it imitates, not its own), asked once; "unknown" if it does not answer.
     */
    public String serverVersion() {
        String known = serverVersion;
        if (known == null) {
            try {
                known = String.valueOf(client.getDatabase("admin")
                        .runCommand(new org.bson.Document("buildInfo", 1)).get("version"));
            } catch (RuntimeException e) {
                LOG.debug("atomic-mongo-test: buildInfo failed", e);
                known = "unknown";
            }
            serverVersion = known;
        }
        return known;
    }

    /**
     * A one-line description: what the server is (for the embedded server, whether this module
     * emulates pipeline updates on it), its {@code buildInfo} version and its address.
     */
    public String description() {
        return mode + ", buildInfo version " + serverVersion() + ", at " + redact(connectionString);
    }

    private static String redact(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }

    /** Closes the client and stops the server this instance started (never a {@code MONGODB_URI} server). */
    @Override
    public void close() {
        client.close();
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("atomic-mongo-test: stopping the {} server failed", source, e);
            }
        }
    }

    @Override
    public String toString() {
        return "TestMongo{" + description() + "}";
    }
}
