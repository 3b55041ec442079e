package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log.format: json}: the server writes one JSON object per line, an execution's lines with its id. */
class ServerLogIT {
    @TempDir
    Path dir;

    @Test
    void jsonLinesOfAnExecutionCarryItsId() throws Exception {
        Path config = dir.resolve("weft.yaml");
        Files.writeString(config, "server: {port: 0}\nlog: {format: json}\n");
        String id;
        ServerProcess server = ServerProcess.start(config, dir.resolve("data"), dir.resolve("server.log"));
        try (server) {
            assertThat(server.call("PUT", "/api/v1/flows/ops/broken", """
                    id: broken
                    namespace: ops
                    steps: [{id: stop, type: fail, message: "out of stock"}]
                    """, "application/yaml").statusCode()).isEqualTo(201);
            id = server.startExecution("ops", "broken", "{}");
            server.awaitTrue(() -> server.status(id).equals("failed"));
            server.awaitTrue(() -> server.log().contains("execution " + id + " of flow ops"));
        }

        List<JsonNode> lines = new ArrayList<>();
        // The other lines are the command's own start line and the JVM's warnings, on standard error.
        for (String line : server.log().lines().filter(l -> l.startsWith("{")).toList()) {
            lines.add(ServerProcess.JSON.readTree(line));
        }
        assertThat(lines)
                .anySatisfy(l -> assertThat(l.path("formattedMessage").asText()).contains("listening"));
        JsonNode failed = lines.stream().filter(l -> l.path("formattedMessage").asText().contains("failed: "))
                .findFirst().orElseThrow();
        assertThat(failed.get("level").asText()).isEqualTo("INFO");
        assertThat(failed.at("/mdc/executionId").asText()).isEqualTo(id);
        assertThat(failed.at("/mdc/flow").asText()).isEqualTo("ops/broken");
        assertThat(failed.get("formattedMessage").asText()).contains("flow.fail", "at step stop")
                .doesNotContain("out of stock");
    }
}
