package dev.atomicmongo.test;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.atomicmongo.Capability;
import dev.atomicmongo.collection.ServerCapabilities;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * A MongoDB server for tests and examples, chosen in this order:
 * <ol>
 *   <li>{@code MONGODB_URI} (environment variable or system property), a real server you point to;</li>
 *   <li>Testcontainers' MongoDB container ({@value #IMAGE}), when a Docker engine answers;</li>
 *   <li>the embedded in-process {@code mongo-java-server} (memory backend).</li>
 * </ol>
 * It logs which one it uses, and probes the server's {@linkplain #capabilities() capabilities}
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
    /** The container image used when Docker is available. */
    public static final String IMAGE = "mongo:8.0";
    /** The environment variable or system property naming a real server. */
    public static final String URI_VARIABLE = "MONGODB_URI";

    private static final Logger LOG = LoggerFactory.getLogger(TestMongo.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static TestMongo shared;

    private final ServerSource source;
    private final String connectionString;
    private final MongoClient client;
    private final AutoCloseable server;
    private volatile ServerCapabilities capabilities;

    private TestMongo(ServerSource source, String connectionString, AutoCloseable server) {
        this.source = source;
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
                case EMBEDDED -> embedded();
            };
            if (mongo != null) {
                LOG.info("atomic-mongo-test: using {}", mongo.description());
                return mongo;
            }
        }
        throw new IllegalStateException("No MongoDB server available from " + sources
                + " (set " + URI_VARIABLE + ", start Docker, or include EMBEDDED)");
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
        return uri == null ? null : new TestMongo(ServerSource.URI, uri, null);
    }

    private static TestMongo fromContainer() {
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
        MongoDBContainer container = new MongoDBContainer(IMAGE);
        container.start();
        return new TestMongo(ServerSource.TESTCONTAINERS, container.getReplicaSetUrl(), container::stop);
    }

    private static TestMongo embedded() {
        MongoServer server = new MongoServer(new MemoryBackend());
        String uri = server.bindAndGetConnectionString();
        return new TestMongo(ServerSource.EMBEDDED, uri, server::shutdownNow);
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
        Assumptions.assumeTrue(has(capability), () -> "The test server (" + source + ") lacks "
                + capability.description() + "; skipped");
    }

    /** A one-line description: the source and its address. */
    public String description() {
        return switch (source) {
            case URI -> "MongoDB from " + URI_VARIABLE + " (" + redact(connectionString) + ")";
            case TESTCONTAINERS -> "Testcontainers " + IMAGE + " at " + connectionString;
            case EMBEDDED -> "embedded mongo-java-server (in-process, memory backend) at " + connectionString;
        };
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
