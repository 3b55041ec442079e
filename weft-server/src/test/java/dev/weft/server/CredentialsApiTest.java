package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The credentials API answers a name that cannot be a credential's with a 400 that says what a name may be. */
class CredentialsApiTest extends ServerFixture {
    @Test
    void aNameThatCannotBeACredentialsIsA400NamingTheRuleOnEveryRoute() throws Exception {
        for (String name : new String[]{"kännung", "x".repeat(200), "-dash-first"}) {
            String path = "/api/v1/credentials/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
            for (String method : new String[]{"PUT", "GET", "DELETE"}) {
                HttpResponse<String> answer = api.call(method, path,
                        method.equals("PUT") ? "{\"type\":\"secret\",\"value\":\"s3cr3t-value\"}" : null,
                        method.equals("PUT") ? "application/json" : null);
                assertThat(answer.statusCode()).as(method + " " + name).isEqualTo(400);
                JsonNode error = ServerCalls.JSON.readTree(answer.body());
                assertThat(error.get("error").asText()).isEqualTo("credential.invalid_name");
                assertThat(error.get("message").asText()).contains("1 to 128 letters, digits");
                assertThat(answer.body()).doesNotContain("Exception").doesNotContain("s3cr3t-value");
            }
        }
        assertThat(api.call("PUT", "/api/v1/credentials/fine.name-1", "{\"type\":\"secret\",\"value\":\"v\"}",
                "application/json").statusCode()).isEqualTo(201);
    }
}
