package io.longrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's side of standalone mode against a stand-in engine (an HTTP server in this JVM): how a command finds
 * the running engine, proves itself with the engine's key, and tells a stale announcement from a live one. The
 * real engine is started by {@code SbatchLongrunStandaloneIT}.
 */
class LocalEngineTest {
    @TempDir
    Path dir;

    HttpServer engine;
    final List<String> keysSeen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.stop(0);
        }
    }

    @Test
    void theKeyIsReadableByItsUserAloneAndNewForEveryEngine() throws Exception {
        EngineHome home = new EngineHome(dir.resolve("home"));
        home.newKey();
        String first = home.readKey();
        home.newKey();

        assertThat(first).hasSize(64).isNotEqualTo(home.readKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.key()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.key().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void anEngineWithdrawsOnlyItsOwnAnnouncement() throws Exception {
        EngineHome home = new EngineHome(dir.resolve("home"));
        home.create();
        home.announce("http://127.0.0.1:1234/", 42);

        home.withdraw(43);
        assertThat(home.announced()).isEqualTo(new EngineHome.Announcement("http://127.0.0.1:1234/", 42,
                EngineHome.hostName()));
        home.withdraw(42);
        assertThat(home.announced()).isNull();
    }

    @Test
    void aCommandUsesTheAnnouncedEngineWithItsKey() throws Exception {
        EngineHome home = new EngineHome(dir.resolve("home"));
        home.newKey();
        home.announce(startEngine(), ProcessHandle.current().pid());

        try (LongrunApi api = LocalEngine.connect(Map.of("LONGRUN_HOME", home.home().toString()), quiet())) {
            assertThat(api.list("alice", 10)).isEmpty();
            assertThat(api.describe()).startsWith("Longrun's engine on this machine (process "
                    + ProcessHandle.current().pid());
            assertThat(api.logOf("c1")).isEqualTo(home.home().resolve("logs/c1.log"));
        }
        assertThat(keysSeen).containsExactly(home.readKey());
    }

    @Test
    void aCommandFindsTheNextEngineWhenItsEngineStopsAnsweringButSendsNoCreationTwice() throws Exception {
        EngineHome home = new EngineHome(dir.resolve("home"));
        home.newKey();
        home.announce(startEngine(), ProcessHandle.current().pid());
        try (LongrunApi api = LocalEngine.connect(Map.of("LONGRUN_HOME", home.home().toString()), quiet())) {
            assertThat(api.list("alice", 10)).isEmpty();

            // The engine stops; another command starts the next one (a new port, a new key).
            engine.stop(0);
            home.newKey();
            home.announce(startEngine(), ProcessHandle.current().pid());

            assertThatThrownBy(() -> api.create(new LongrunApi.NewChainRequest("#!/bin/bash\n", List.of(), "alice",
                    "/tmp", Map.of(), 0))).isInstanceOf(LongrunApi.ApiException.class);
            assertThat(api.list("alice", 10)).isEmpty();
        }
        assertThat(keysSeen).last().isEqualTo(home.readKey());
    }

    @Test
    void anAnnouncementOfAProcessThatEndedIsNotUsed() throws Exception {
        EngineHome home = new EngineHome(dir.resolve("home"));
        home.newKey();
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        home.announce(startEngine(), ended.pid());

        EngineHome.Announcement announced = home.announced();
        assertThat(announced.mayRun()).isFalse();
        // though something answers at its address (a port taken again): a command starts an engine instead
        assertThat(LocalEngine.answers(announced.url())).isTrue();
    }

    @Test
    void statusSaysWhenNoEngineRuns() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LocalEngine.status(Map.of("LONGRUN_HOME", dir.resolve("home").toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("is not running (the next command starts it)");
    }

    @Test
    void anEngineThatCannotStartSaysWhy() {
        // A JVM option the JVM refuses: the engine process ends at once, and the command says what it printed.
        Map<String, String> env = Map.of("LONGRUN_HOME", dir.resolve("home").toString(),
                "LONGRUN_ENGINE_JAVA_OPTS", "-XX:+NoSuchJvmOption", "PATH", System.getenv("PATH"));

        assertThatThrownBy(() -> LocalEngine.connect(env, quiet()))
                .isInstanceOf(LongrunApi.ApiException.class)
                .hasMessageContaining("Longrun's engine did not start")
                .hasMessageContaining("NoSuchJvmOption");
    }

    private String startEngine() throws Exception {
        engine = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        engine.createContext("/", exchange -> {
            String key = exchange.getRequestHeaders().getFirst("X-API-Key");
            if (key != null) {
                keysSeen.add(key);
            }
            byte[] body = (exchange.getRequestURI().getPath().startsWith("/chains") ? "[]" : "{\"status\":\"UP\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        engine.start();
        return "http://127.0.0.1:" + engine.getAddress().getPort() + "/";
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
