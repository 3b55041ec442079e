package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The signal API refuses a name that no await step of the execution's flow declares, listing those it
 * declares, and keeps a declared one sent before the execution reaches its await.
 */
class SignalApiTest extends ServerFixture {
    @Test
    void aSignalNameNoAwaitDeclaresIsRefusedWithTheDeclaredNamesAndAnEarlyDeclaredOneIsKept()
            throws Exception {
        api.deploy("hr", "leave", """
                id: leave
                namespace: hr
                steps:
                  - {id: pause, type: wait, duration: 1s}
                  - {id: first, type: await, signal: approved}
                  - {id: second, type: await, signal: countersigned}
                """);
        HttpResponse<String> started = api.call("POST", "/api/v1/flows/hr/leave/executions", "{}",
                "application/json");
        String id = ServerCalls.JSON.readTree(started.body()).get("id").asText();

        HttpResponse<String> unknown = api.call("POST", "/api/v1/executions/" + id + "/signals/aproved", "{}",
                "application/json");
        assertThat(unknown.statusCode()).isEqualTo(400);
        JsonNode error = ServerCalls.JSON.readTree(unknown.body());
        assertThat(error.get("error").asText()).isEqualTo("signal.unknown");
        assertThat(error.get("message").asText()).contains("'aproved'")
                .contains("'approved', 'countersigned'");
        assertThat(error.get("details")).extracting(JsonNode::asText).containsExactly("approved",
                "countersigned");

        for (String name : new String[]{"approved", "countersigned"}) {
            assertThat(api
                    .call("POST", "/api/v1/executions/" + id + "/signals/" + name, "{}", "application/json")
                    .statusCode()).isEqualTo(202);
        }
        assertThat(api.awaitEnd(id, Duration.ofSeconds(30)).get("status").asText()).isEqualTo("succeeded");
    }
}
