package io.longrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The request body {@code POST /chains} gets from the command line, against a local stand-in server. */
class HttpLongrunApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    final List<String> bodies = new ArrayList<>();
    HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/chains", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = "{\"id\":\"3f2a9c1e-0000-4000-8000-000000000000\",\"state\":\"ACTIVE\",\"attempts\":[]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void scriptArgumentsAreSentAsAJsonListOnlyWhenThereAreSome() throws Exception {
        try (HttpLongrunApi api = new HttpLongrunApi("http://127.0.0.1:" + server.getAddress().getPort(),
                Credentials.from(Map.of("LONGRUN_TOKEN", "t"), null))) {
            api.create(new LongrunApi.NewChainRequest("#!/bin/bash\n", List.of("-t", "5"), "alice", "/home/alice",
                    Map.of(), 3, List.of("a b", "", "\"q\" $X", "--time=5")));
            api.create(new LongrunApi.NewChainRequest("#!/bin/bash\n", List.of(), "alice", "/home/alice", Map.of(), 3));
        }

        JsonNode withArguments = JSON.readTree(bodies.get(0));
        List<String> sent = new ArrayList<>();
        withArguments.get("scriptArguments").forEach(word -> sent.add(word.asString()));
        assertThat(sent).containsExactly("a b", "", "\"q\" $X", "--time=5");
        assertThat(withArguments.get("args").toString()).isEqualTo("[\"-t\",\"5\"]");
        assertThat(JSON.readTree(bodies.get(1)).has("scriptArguments")).isFalse();
    }
}
