package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.server.config.ServerSettings;
import dev.weft.webhooks.StandardWebhooksSpec;
import dev.weft.webhooks.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-hold for webhooks, end to end through a running server: a flow with a Standard
 * Webhooks-verified trigger, deployed through the API, runs once per valid delivery; tampered, stale,
 * replayed, oversized and wrongly typed deliveries are refused; the credential's secret never comes back.
 * Each store runs it through a subclass.
 */
abstract class WebhookServerContract {
    static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] SECRET = "canary-secret-4f1e9b2c7d5a3e8f!".getBytes(StandardCharsets.UTF_8);
    static final String SECRET_VALUE = "whsec_" + Base64.getEncoder().encodeToString(SECRET);
    static final String FLOW = """
            id: invoices
            namespace: finance
            triggers:
              - type: webhook
                path: invoices
                verify: { scheme: standard-webhooks, credential: erp-webhook-secret }
              - type: webhook
                path: quote
                mode: sync
                verify: { scheme: none }
            steps:
              - id: answer
                type: respond
                status: 201
                body: { total: "{{ trigger.body.qty * 2 }}" }
              - id: shape
                type: transform
                output: "invoice {{ trigger.body.invoice }} from {{ trigger.type }}"
            """;

    @TempDir
    Path data;
    WeftServer server;
    final HttpClient http = HttpClient.newHttpClient();

    /** Where the store lives: a data directory, or a PostgreSQL URL. */
    abstract ServerSettings settings(Path dataDir);

    @BeforeEach
    void start() throws Exception {
        server = WeftServer.start(settings(data).withPort(0), Map.of("WEFT_ADMIN_API_KEY", ADMIN_KEY),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aVerifiedWebhookRunsOncePerDeliveryAndEveryBadDeliveryIsRefused() throws Exception {
        assertThat(call("GET", "/api/v1/flows", null, null).statusCode()).isEqualTo(401);
        var credential = call("PUT", "/api/v1/credentials/erp-webhook-secret",
                "{\"type\":\"secret\",\"value\":\"" + SECRET_VALUE + "\"}", "application/json");
        assertThat(credential.statusCode()).as(credential.body()).isEqualTo(201);
        var deployed = call("PUT", "/api/v1/flows/finance/invoices", FLOW, "application/yaml");
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);

        byte[] body = "{\"invoice\":\"INV-1\",\"qty\":3}".getBytes(StandardCharsets.UTF_8);
        var first = deliver("msg-1", Instant.now(), body, body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String executionId = JSON.readTree(first.body()).get("executionId").asText();
        JsonNode done = awaitEnd(executionId);
        assertThat(done.get("status").asText()).isEqualTo("succeeded");
        assertThat(done.get("output").asText()).isEqualTo("invoice INV-1 from webhook");
        assertThat(done.at("/trigger/headers/webhook-id").asText()).isEqualTo("msg-1");
        assertThat(done.at("/trigger/mode").asText()).isEqualTo("async");

        var replayed = deliver("msg-1", Instant.now(), body, body);
        assertThat(replayed.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(replayed.body()).get("executionId").asText()).isEqualTo(executionId);
        assertThat(JSON.readTree(replayed.body()).get("duplicate").asBoolean()).isTrue();

        byte[] tampered = "{\"invoice\":\"INV-1\",\"qty\":300}".getBytes(StandardCharsets.UTF_8);
        assertThat(deliver("msg-2", Instant.now(), body, tampered).statusCode()).isEqualTo(401);
        var stale = deliver("msg-3", Instant.now().minus(Duration.ofMinutes(10)), body, body);
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(stale.body()).get("error").asText()).isEqualTo("webhook.unverified");
        byte[] huge = new byte[(int) settings(data).maxBodyBytes() + 1];
        // With Expect: 100-continue the answer comes before the body is sent. Without it the answer is the
        // same, but the server closes the connection with the rest of the body unread, and the reset can
        // reach the client before the 413 does (a sender sees a failed delivery either way).
        assertThat(deliver("msg-4", Instant.now(), huge, huge, true).statusCode()).isEqualTo(413);
        var csv = http.send(HttpRequest.newBuilder(uri("/hooks/finance/invoices"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("a,b")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(415);

        var executions = JSON
                .readTree(call("GET", "/api/v1/executions?flow=finance/invoices", null, null).body());
        assertThat(executions.get("executions")).hasSize(1);
    }

    @Test
    void aSyncWebhookAnswersWithItsRespondStep() throws Exception {
        assertThat(call("PUT", "/api/v1/credentials/erp-webhook-secret",
                "{\"type\":\"secret\",\"value\":\"" + SECRET_VALUE + "\"}", "application/json").statusCode())
                .isEqualTo(201);
        assertThat(call("PUT", "/api/v1/flows/finance/invoices", FLOW, "application/yaml").statusCode())
                .isEqualTo(201);

        var answer = http.send(HttpRequest.newBuilder(uri("/hooks/finance/quote"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"qty\": 21, \"invoice\": \"Q\"}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(JSON.readTree(answer.body()).get("total").asInt()).isEqualTo(42);
        String id = answer.headers().firstValue("Weft-Execution-Id").orElseThrow();
        assertThat(awaitEnd(id).at("/trigger/mode").asText()).isEqualTo("sync");
    }

    @Test
    void malformedBodiesAreRefusedWithAnErrorThatSaysWhatIsWrong() throws Exception {
        assertThat(call("PUT", "/api/v1/credentials/erp-webhook-secret",
                "{\"type\":\"secret\",\"value\":\"" + SECRET_VALUE + "\"}", "application/json").statusCode())
                .isEqualTo(201);
        assertThat(call("PUT", "/api/v1/flows/finance/invoices", FLOW, "application/yaml").statusCode())
                .isEqualTo(201);

        Map<String, String> json = Map.of(
                "{\"qty\": 1} xyz", "Unrecognized token 'xyz'",
                "{\"qty\": 1}{\"qty\": 2}", "something follows the JSON value",
                "{\"qty\": 1, \"qty\": 2}", "Duplicate field 'qty'",
                "{\"qty\": 1e999999999}", "the number at /qty is too large");
        for (var body : json.entrySet()) {
            var answer = call("POST", "/hooks/finance/quote", body.getKey(), "application/json");
            assertThat(answer.statusCode()).as(body.getKey()).isEqualTo(400);
            assertThat(JSON.readTree(answer.body()).get("error").asText()).isEqualTo("body.invalid_json");
            assertThat(answer.body()).as(body.getKey()).contains(body.getValue()).doesNotContain("jackson");
        }
        var form = call("POST", "/hooks/finance/quote", "qty=%zz", "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).as(form.body()).isEqualTo(400);
        assertThat(JSON.readTree(form.body()).get("error").asText()).isEqualTo("body.invalid_form");
        assertThat(form.body()).contains("field 'qty'").contains("%25");

        // The API reads its bodies by the same rules: a credential with a key twice is refused, not half-read.
        var twice = call("PUT", "/api/v1/credentials/twice",
                "{\"type\":\"secret\",\"value\":\"first-value-123\",\"value\":\"second\"}",
                "application/json");
        assertThat(twice.statusCode()).as(twice.body()).isEqualTo(400);
        assertThat(twice.body()).contains("Duplicate field 'value'").doesNotContain("first-value-123");
    }

    @Test
    void aFormFieldSentTwiceReachesTheFlowAsTheListOfItsValues() throws Exception {
        assertThat(call("PUT", "/api/v1/flows/finance/forms", """
                id: forms
                namespace: finance
                triggers:
                  - { type: webhook, path: forms, mode: sync, verify: { scheme: none } }
                steps:
                  - { id: answer, type: respond, body: "{{ trigger.body }}" }
                """, "application/yaml").statusCode()).isEqualTo(201);

        var answer = call("POST", "/hooks/finance/forms", "tag=a&tag=b%26c&one=1",
                "application/x-www-form-urlencoded");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()))
                .isEqualTo(JSON.readTree("{\"tag\":[\"a\",\"b&c\"],\"one\":\"1\"}"));
    }

    @Test
    void aRepeatedWebhookIdAnswersWithTheFirstExecutionUnderTheTokenAndNoneSchemes() throws Exception {
        assertThat(call("PUT", "/api/v1/credentials/erp-token",
                "{\"type\":\"secret\",\"value\":\"tok-0123456789abcdef\"}", "application/json").statusCode())
                .isEqualTo(201);
        var deployed = call("PUT", "/api/v1/flows/finance/tokens", """
                id: tokens
                namespace: finance
                triggers:
                  - {type: webhook, path: by-token, verify: {scheme: token, credential: erp-token}}
                  - {type: webhook, path: open, verify: {scheme: none}}
                steps:
                  - {id: shape, type: transform, output: "{{ trigger.path }}"}
                """, "application/yaml");
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(201);

        for (String path : List.of("by-token", "open")) {
            var first = deliverWithId(path, "evt-1");
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            String id = JSON.readTree(first.body()).get("executionId").asText();
            var repeated = deliverWithId(path, "evt-1");
            assertThat(repeated.statusCode()).as(repeated.body()).isEqualTo(202);
            assertThat(JSON.readTree(repeated.body()).get("executionId").asText()).isEqualTo(id);
            assertThat(JSON.readTree(repeated.body()).get("duplicate").asBoolean()).isTrue();
            var other = deliverWithId(path, "evt-2");
            assertThat(JSON.readTree(other.body()).get("executionId").asText()).isNotEqualTo(id);
            assertThat(awaitEnd(id).at("/trigger/deliveryId").asText()).isEqualTo("evt-1");
        }
        var executions = JSON
                .readTree(call("GET", "/api/v1/executions?flow=finance/tokens", null, null).body());
        assertThat(executions.get("executions")).hasSize(4);
        var bad = deliverWithId("open", "has spaces");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(bad.body()).get("message").asText()).contains("webhook-id");
    }

    @Test
    void anHmacDeliveryReplayedUnderANewIdIsADuplicateOfTheFirst() throws Exception {
        String secret = "canary-hmac-webhook-secret-0042";
        assertThat(call("PUT", "/api/v1/credentials/gh-secret", "{\"type\":\"secret\",\"value\":\"" + secret
                + "\"}", "application/json").statusCode()).isEqualTo(201);
        assertThat(call("PUT", "/api/v1/flows/finance/pushes",
                """
                        id: pushes
                        namespace: finance
                        triggers:
                          - type: webhook
                            path: pushes
                            verify: { scheme: hmac, credential: gh-secret, header: X-Hub-Signature-256, idHeader: X-GitHub-Delivery }
                        steps:
                          - { id: seen, type: transform, output: "{{ trigger.body.n }}" }
                        """,
                "application/yaml").statusCode()).isEqualTo(201);

        var first = deliverHmac("d-1", "{\"n\": 1}", secret);
        // A captured delivery sent again: the id header is not signed, so the attacker picks a new one
        var replayed = deliverHmac("d-2", "{\"n\": 1}", secret);
        var other = deliverHmac("d-3", "{\"n\": 2}", secret);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        JsonNode firstAnswer = JSON.readTree(first.body());
        assertThat(firstAnswer.get("duplicate").asBoolean()).isFalse();
        JsonNode replayAnswer = JSON.readTree(replayed.body());
        assertThat(replayAnswer.get("duplicate").asBoolean()).isTrue();
        assertThat(replayAnswer.get("executionId").asText())
                .isEqualTo(firstAnswer.get("executionId").asText());
        assertThat(JSON.readTree(other.body()).get("executionId").asText())
                .isNotEqualTo(firstAnswer.get("executionId").asText());
        assertThat(awaitEnd(firstAnswer.get("executionId").asText()).at("/trigger/deliveryId").asText())
                .isEqualTo("d-1");
    }

    @Test
    void aHubSpotDeliveryIsVerifiedOverTheUrlItArrivedAtAndItsRetryIsADuplicate() throws Exception {
        String secret = "canary-hubspot-client-secret-77";
        assertThat(call("PUT", "/api/v1/credentials/hubspot-app", "{\"type\":\"secret\",\"value\":\""
                + secret + "\"}", "application/json").statusCode()).isEqualTo(201);
        assertThat(call("PUT", "/api/v1/flows/finance/contacts",
                """
                        id: contacts
                        namespace: finance
                        triggers:
                          - { type: webhook, path: contacts, verify: { scheme: hubspot-v3, credential: hubspot-app } }
                        steps:
                          - { id: seen, type: transform, output: "{{ trigger.body[0].objectId }}" }
                        """,
                "application/yaml").statusCode()).isEqualTo(201);
        String body = "[{\"eventId\": 100, \"subscriptionType\": \"contact.creation\", \"objectId\": 123,"
                + " \"attemptNumber\": 0}]";
        // HubSpot's retry counts its attempt in the body: the same event, another body
        String retried = body.replace("\"attemptNumber\": 0", "\"attemptNumber\": 1");
        // HubSpot signs the URL it calls: here the server's own address, with an escaped query.
        var signed = new dev.weft.webhooks.VendorSpec(dev.weft.webhooks.VendorSpec.Vendor.HUBSPOT_V3,
                "hubspot-app", dev.weft.webhooks.VendorSpec.DEFAULT_TOLERANCE,
                java.util.Optional.of(uri("/hooks/finance/contacts?portal=62515").toString()));
        var first = deliverSigned(signed, "/hooks/finance/contacts?portal=62515", body, secret);
        var retry = deliverSigned(signed, "/hooks/finance/contacts?portal=62515", retried, secret);
        var forged = deliverSigned(signed, "/hooks/finance/contacts?portal=62515", body,
                "not-the-secret-000");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        JsonNode firstAnswer = JSON.readTree(first.body());
        assertThat(JSON.readTree(retry.body()).get("duplicate").asBoolean()).isTrue();
        assertThat(JSON.readTree(retry.body()).get("executionId")).isEqualTo(firstAnswer.get("executionId"));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("X-HubSpot-Signature-v3").doesNotContain(secret);
        assertThat(awaitEnd(firstAnswer.get("executionId").asText()).at("/output").asInt()).isEqualTo(123);
    }

    HttpResponse<String> deliverSigned(dev.weft.webhooks.VerifySpec spec, String path, String body,
            String secret)
            throws Exception {
        var signature = WebhookSigner.of(spec).sign("unused", Instant.now(),
                body.getBytes(StandardCharsets.UTF_8),
                List.of(secret.getBytes(StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        signature.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> deliverHmac(String deliveryId, String body, String secret) throws Exception {
        var signature = WebhookSigner.of(new dev.weft.webhooks.HmacSpec("gh-secret", "X-Hub-Signature-256"))
                .sign(deliveryId, Instant.now(), body.getBytes(StandardCharsets.UTF_8),
                        List.of(secret.getBytes(StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/hooks/finance/pushes"))
                .header("Content-Type", "application/json").header("X-GitHub-Delivery", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        signature.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> deliverWithId(String path, String webhookId) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/hooks/finance/" + path))
                .header("Content-Type", "application/json").header("webhook-id", webhookId)
                .header("Authorization", "Bearer tok-0123456789abcdef")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\": 1}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCredentialsSecretNeverComesBackNorLiesInTheDataDirectoryInTheClear() throws Exception {
        String canary = "canary-7d1f0c9e2b4a6e3d";
        var put = call("PUT", "/api/v1/credentials/erp",
                "{\"type\":\"basic\",\"username\":\"ann\",\"password\":\"" + canary + "\"}",
                "application/json");
        assertThat(put.statusCode()).isEqualTo(201);
        var bad = call("PUT", "/api/v1/credentials/erp",
                "{\"type\":\"basic\",\"username\":\"ann\",\"passwrd\":\"" + canary + "\"}",
                "application/json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("message").asText()).contains("passwrd");

        List<String> answers = List.of(put.body(), bad.body(),
                call("GET", "/api/v1/credentials/erp", null, null)
                        .body(),
                call("GET", "/api/v1/credentials", null, null).body());
        assertThat(answers).allSatisfy(a -> assertThat(a).doesNotContain(canary));
        assertThat(JSON.readTree(answers.get(2)).at("/fields/username").asText()).isEqualTo("ann");
        server.close();
        server = null;
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(canary);
            }
        }
    }

    HttpResponse<String> deliver(String id, Instant at, byte[] signedBody, byte[] sentBody) throws Exception {
        return deliver(id, at, signedBody, sentBody, false);
    }

    HttpResponse<String> deliver(String id, Instant at, byte[] signedBody, byte[] sentBody,
            boolean expectContinue)
            throws Exception {
        var signature = WebhookSigner.of(new StandardWebhooksSpec("erp-webhook-secret")).sign(id, at,
                signedBody,
                List.of(SECRET_VALUE.getBytes(StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/hooks/finance/invoices"))
                .header("Content-Type", "application/json")
                .expectContinue(expectContinue)
                .POST(HttpRequest.BodyPublishers.ofByteArray(sentBody));
        signature.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> call(String method, String path, String body, String type) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        if (!path.equals("/api/v1/flows") || !method.equals("GET") || body != null) {
            request.header("Authorization", "Bearer " + ADMIN_KEY);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode awaitEnd(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode e = null;
        while (System.nanoTime() < deadline) {
            e = JSON.readTree(call("GET", "/api/v1/executions/" + id, null, null).body());
            if (List.of("succeeded", "failed", "cancelled").contains(e.path("status").asText())) {
                return e;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("execution " + id + " did not end: " + e);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
