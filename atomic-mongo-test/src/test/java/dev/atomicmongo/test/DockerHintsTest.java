package dev.atomicmongo.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class DockerHintsTest {
    private static final Path HOME = Path.of("/home/u");

    private static DockerHints hints(Map<String, String> env, Set<Path> existing) {
        return new DockerHints(env, HOME, false, existing::contains);
    }

    @Test
    void a_machine_without_any_docker_hint_is_not_asked_about_docker() {
        assertThat(hints(Map.of(), Set.of()).firstHint()).isEmpty();
    }

    @Test
    void a_unix_DOCKER_HOST_whose_socket_is_missing_is_no_hint() {
        assertThat(hints(Map.of("DOCKER_HOST", "unix:///nonexistent"), Set.of()).firstHint()).isEmpty();
    }

    @Test
    void a_unix_DOCKER_HOST_whose_socket_exists_is_a_hint() {
        assertThat(hints(Map.of("DOCKER_HOST", "unix:///tmp/d.sock"), Set.of(Path.of("/tmp/d.sock"))).firstHint())
                .contains("DOCKER_HOST=unix:///tmp/d.sock");
    }

    @Test
    void a_tcp_DOCKER_HOST_is_a_hint_because_only_docker_can_tell_whether_it_answers() {
        assertThat(hints(Map.of("DOCKER_HOST", "tcp://10.0.0.2:2375"), Set.of()).firstHint())
                .contains("DOCKER_HOST=tcp://10.0.0.2:2375");
    }

    @Test
    void testcontainers_overrides_are_hints() {
        assertThat(hints(Map.of("TESTCONTAINERS_HOST_OVERRIDE", "docker.local"), Set.of()).firstHint())
                .contains("TESTCONTAINERS_HOST_OVERRIDE=docker.local");
    }

    @Test
    void the_sockets_of_common_engines_are_hints() {
        assertThat(hints(Map.of(), Set.of(Path.of("/var/run/docker.sock"))).firstHint()).contains("the socket /var/run/docker.sock");
        assertThat(hints(Map.of(), Set.of(HOME.resolve(".colima/default/docker.sock"))).firstHint())
                .contains("the socket /home/u/.colima/default/docker.sock");
        assertThat(hints(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), Set.of(Path.of("/run/user/1000/podman/podman.sock")))
                .firstHint()).contains("the socket /run/user/1000/podman/podman.sock");
    }

    @Test
    void windows_is_left_to_testcontainers() {
        assertThat(new DockerHints(Map.of(), HOME, true, p -> false).firstHint()).isPresent();
    }

    @Test
    void a_docker_host_in_testcontainers_properties_is_a_hint_and_other_settings_are_not(@TempDir Path home) throws IOException {
        DockerHints hints = new DockerHints(Map.of(), home, false, Files::exists);
        Files.writeString(home.resolve(".testcontainers.properties"), "testcontainers.reuse.enable=true\n");
        assertThat(hints.firstHint()).isEmpty();

        Files.writeString(home.resolve(".testcontainers.properties"), "docker.host=tcp\\://remote:2376\n");
        assertThat(hints.firstHint()).hasValueSatisfying(h -> assertThat(h).startsWith("docker.host in "));
    }
}
