package dev.atomicmongo.test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Tells, without asking Testcontainers, whether a Docker engine could be configured on this
 * machine: Testcontainers logs an ERROR block with a stack trace when it finds none, so
 * {@link TestMongo} asks it only where a hint of Docker exists. A hint is an environment variable
 * Testcontainers reads ({@code DOCKER_HOST} naming a socket that exists or a TCP address,
 * {@code TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE}, {@code TESTCONTAINERS_HOST_OVERRIDE}), a
 * {@code docker.host} or {@code docker.client.strategy} in {@code ~/.testcontainers.properties},
 * a Docker or Podman socket at one of the places the common engines put it, or Windows (named
 * pipes cannot be checked from here). Package-private; tested with fake environments.
 */
final class DockerHints {
    private final Map<String, String> env;
    private final Path home;
    private final boolean windows;
    private final Predicate<Path> exists;

    DockerHints(Map<String, String> env, Path home, boolean windows, Predicate<Path> exists) {
        this.env = env;
        this.home = home;
        this.windows = windows;
        this.exists = exists;
    }

    /** The hints of this machine. */
    static DockerHints ofThisMachine() {
        return new DockerHints(System.getenv(), Path.of(System.getProperty("user.home", ".")),
                System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows"), Files::exists);
    }

    /** The first hint found, described, or empty when nothing suggests a Docker engine. */
    Optional<String> firstHint() {
        if (windows) {
            return Optional.of("Windows (named pipes are checked by Testcontainers)");
        }
        String dockerHost = env.get("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank()) {
            if (!dockerHost.startsWith("unix://")) {
                return Optional.of("DOCKER_HOST=" + dockerHost);
            }
            Path socket = Path.of(dockerHost.substring("unix://".length()));
            if (exists.test(socket)) {
                return Optional.of("DOCKER_HOST=" + dockerHost);
            }
        }
        for (String variable : List.of("TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE", "TESTCONTAINERS_HOST_OVERRIDE")) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.of(variable + "=" + value);
            }
        }
        Optional<String> configured = testcontainersProperties();
        if (configured.isPresent()) {
            return configured;
        }
        for (Path socket : sockets()) {
            if (exists.test(socket)) {
                return Optional.of("the socket " + socket);
            }
        }
        return Optional.empty();
    }

    private Optional<String> testcontainersProperties() {
        Path file = home.resolve(".testcontainers.properties");
        if (!exists.test(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.of(file + " (unreadable: let Testcontainers decide)");
        }
        for (String key : List.of("docker.host", "docker.client.strategy")) {
            if (properties.getProperty(key) != null) {
                return Optional.of(key + " in " + file);
            }
        }
        return Optional.empty();
    }

    private List<Path> sockets() {
        List<Path> sockets = new ArrayList<>(List.of(
                Path.of("/var/run/docker.sock"),
                Path.of("/run/docker.sock"),
                home.resolve(".docker/run/docker.sock"),
                home.resolve(".docker/desktop/docker.sock"),
                home.resolve(".colima/default/docker.sock"),
                home.resolve(".colima/docker.sock"),
                home.resolve(".rd/docker.sock"),
                home.resolve(".orbstack/run/docker.sock"),
                Path.of("/run/podman/podman.sock")));
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            sockets.add(Path.of(runtime, "docker.sock"));
            sockets.add(Path.of(runtime, "podman", "podman.sock"));
        }
        return sockets;
    }
}
