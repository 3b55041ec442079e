package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.testkit.Eventually;
import dev.weft.testkit.webhooks.WebhookReceiver;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/webhooks/endpoints} and {@code /api/v1/event-types} on a server with the embedded SQLite
 * store, as docs/design/outbound-webhooks.md describes them: endpoints and their secret (shown once, never
 * cached), the errors that name a field or a query parameter, event types and the schema they hold published
 * events to, and who may do what. Deliveries are WebhookDeliveriesApiIT's.
 */
class WebhooksApiIT extends WebhookApiFixture {
    @Test
    void creatingAnEndpointShowsItsSecretOnceAndNeverAgain() throws Exception {
        HttpResponse<String> answered = send(api, "POST", ENDPOINTS, "{\"url\": \"" + receiver.url("/hooks")
                + "\", \"events\": [\"invoice.*\"], \"description\": \"billing\", \"headers\": {\"X-Team\":"
                + " \"billing\"}}");
        JsonNode created = answer(answered, 201);
        assertThat(answered.headers().firstValue("Cache-Control")).as("the answer holds the secret")
                .contains("no-store");
        String secret = created.get("secret").asText();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length())))
                .hasSizeGreaterThanOrEqualTo(24);
        String id = created.get("id").asText();
        assertThat(created.get("url").asText()).isEqualTo(receiver.url("/hooks"));
        assertThat(created.get("events")).extracting(JsonNode::asText).containsExactly("invoice.*");
        assertThat(created.get("enabled").asBoolean()).isTrue();
        assertThat(created.get("secretVersion").asInt()).isEqualTo(1);
        assertThat(created.at("/headers/X-Team").asText()).isEqualTo("billing");

        String one = send(api, "GET", ENDPOINTS + "/" + id, null).body();
        String list = send(api, "GET", ENDPOINTS, null).body();
        String audit = send(api, "GET", "/api/v1/audit", null).body();
        for (String read : List.of(one, list, audit)) {
            assertThat(read).doesNotContain(secret).doesNotContain(secret.substring(6));
        }
        assertThat(ServerCalls.JSON.readTree(one).has("secret")).isFalse();
        assertThat(ServerCalls.JSON.readTree(one).get("description").asText()).isEqualTo("billing");
        assertThat(ServerCalls.JSON.readTree(list).get("items")).extracting(e -> e.get("id").asText())
                .containsExactly(id);
        assertThat(audit).contains("createWebhookEndpoint");
        assertThat(ServerCalls.JSON.readTree(one).get("previousSecretExpiresAt").isNull()).isTrue();
    }

    @Test
    void badEndpointsAreRefusedNamingTheField() throws Exception {
        assertRefused("{\"events\": [\"invoice.*\"]}", "webhook.invalid", "url");
        assertRefused(endpointJson("[]"), "webhook.invalid", "events");
        assertRefused("{\"url\": \"" + receiver.url("/hooks") + "\", \"events\": [\"invoice.*\"],"
                + " \"filter\": \"$amount >\"}", "webhook.invalid", "filter");
        assertRefused(
                "{\"url\": \"" + receiver.url("/hooks")
                        + "\", \"events\": [\"a.b\"], \"rateLimit\": \"ten\"}",
                "webhook.invalid", "rateLimit");
        assertRefused("{\"url\": \"" + receiver.url("/hooks") + "\", \"events\": \"a.b\"}", "webhook.invalid",
                "events");
        // What the API shows for a secret header's value is no value to store.
        assertRefused("{\"url\": \"" + receiver.url("/hooks") + "\", \"events\": [\"a.b\"], \"headers\":"
                + " {\"Authorization\": \"[redacted]\"}}", "webhook.invalid", "headers.Authorization");
        JsonNode unknown = answer(
                send(api, "POST", ENDPOINTS, "{\"urll\": \"https://example.com\", \"events\":"
                        + " [\"a.b\"]}"),
                400);
        assertThat(unknown.get("message").asText()).contains("'urll'", "did you mean 'url'",
                "events, filter");
        // Loopback and private addresses need the egress allowlist: 127.0.0.1 is allowed here, 127.0.0.2 not.
        assertRefused("{\"url\": \"http://127.0.0.2:9/hooks\", \"events\": [\"a.b\"]}", "egress.refused",
                "url");
        assertRefused("{\"url\": \"http://10.1.2.3/hooks\", \"events\": [\"a.b\"]}", "egress.refused", "url");
        assertThat(create(endpointJson("[\"a.b\"]")).get("url").asText()).isEqualTo(receiver.url("/hooks"));
        assertThat(send(api, "GET", ENDPOINTS, null).body()).doesNotContain("127.0.0.2", "10.1.2.3");
    }

    private void assertRefused(String json, String code, String field) throws Exception {
        JsonNode refused = answer(send(api, "POST", ENDPOINTS, json), 400);
        assertThat(refused.get("error").asText()).as(refused.toString()).isEqualTo(code);
        if (code.equals("webhook.invalid")) {
            assertThat(refused.get("message").asText()).as(refused.toString()).contains(field);
        }
        assertThat(refused.get("details").toString()).as(refused.toString()).contains("\"field\":\"" + field);
    }

    @Test
    void anEndpointIsChangedClearedAndDeletedAndAnUnknownOneIs404() throws Exception {
        String id = create("{\"url\": \"" + receiver.url("/hooks") + "\", \"events\": [\"a.b\"],"
                + " \"filter\": \"amount > 10\", \"description\": \"first\"}").get("id").asText();
        JsonNode changed = answer(send(api, "PATCH", ENDPOINTS + "/" + id,
                "{\"description\": \"second\", \"filter\": null, \"events\": [\"a.*\", \"c.d\"],"
                        + " \"enabled\": false}"),
                200);
        assertThat(changed.get("description").asText()).isEqualTo("second");
        assertThat(changed.get("filter").isNull()).isTrue();
        assertThat(changed.get("events")).extracting(JsonNode::asText).containsExactly("a.*", "c.d");
        assertThat(changed.get("enabled").asBoolean()).isFalse();
        assertThat(changed.get("version").asLong()).isGreaterThan(1);
        assertThat(changed.get("url").asText()).isEqualTo(receiver.url("/hooks"));
        assertThat(answer(send(api, "PATCH", ENDPOINTS + "/" + id, "{\"url\": null}"), 400).get("message")
                .asText()).contains("url: cannot be cleared");
        assertThat(answer(send(api, "PATCH", ENDPOINTS + "/" + id, "{\"url\": \"http://127.0.0.2/x\"}"), 400)
                .get("error").asText()).isEqualTo("egress.refused");

        assertThat(send(api, "DELETE", ENDPOINTS + "/" + id, null).statusCode()).isEqualTo(204);
        for (String path : List.of(ENDPOINTS + "/" + id, ENDPOINTS + "/" + id + "/deliveries",
                "/api/v1/webhooks/deliveries/dlv_none", "/api/v1/webhooks/messages/msg_none")) {
            assertThat(answer(send(api, "GET", path, null), 404).get("error").asText())
                    .isEqualTo("not_found");
        }
        assertThat(send(api, "DELETE", ENDPOINTS + "/" + id, null).statusCode()).isEqualTo(404);
        assertThat(send(api, "PATCH", ENDPOINTS + "/" + id, "{\"description\": \"x\"}").statusCode())
                .isEqualTo(404);
        assertThat(send(api, "POST", ENDPOINTS + "/" + id + "/rotate-secret", null).statusCode())
                .isEqualTo(404);
        assertThat(send(api, "POST", ENDPOINTS + "/" + id + "/test", "{\"type\": \"a.b\"}").statusCode())
                .isEqualTo(404);
        assertThat(send(api, "POST", ENDPOINTS + "/" + id + "/replay?since=1h", null).statusCode())
                .isEqualTo(404);
        assertThat(send(api, "POST", "/api/v1/webhooks/deliveries/dlv_none/retry", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void rotatingASecretIssuesANewOneAndKeepsThePreviousForTheOverlap() throws Exception {
        JsonNode created = create(endpointJson("[\"a.b\"]"));
        String id = created.get("id").asText();
        Instant before = Instant.now();
        HttpResponse<String> answered = send(api, "POST", ENDPOINTS + "/" + id + "/rotate-secret", null);
        JsonNode rotated = answer(answered, 200);
        assertThat(answered.headers().firstValue("Cache-Control")).as("the answer holds the secret")
                .contains("no-store");
        String secret = rotated.get("secret").asText();
        assertThat(secret).startsWith("whsec_").isNotEqualTo(created.get("secret").asText());
        assertThat(Instant.parse(rotated.get("previousSecretExpiresAt").asText()))
                .isAfter(before.plus(Duration.ofHours(23)));
        assertThat(rotated.at("/endpoint/secretVersion").asInt()).isEqualTo(2);
        assertThat(rotated.at("/endpoint/previousSecretExpiresAt").asText())
                .isEqualTo(rotated.get("previousSecretExpiresAt").asText());
        assertThat(send(api, "GET", ENDPOINTS + "/" + id, null).body()).doesNotContain(secret.substring(6))
                .doesNotContain(created.get("secret").asText().substring(6));
    }

    @Test
    void secretHeadersAreShownRedactedAndKeptWhenSentBack() throws Exception {
        String id = create("{\"url\": \"" + receiver.url("/hooks") + "\", \"events\": [\"a.b\"], \"headers\":"
                + " {\"Authorization\": \"Bearer s3cr3t-value\", \"X-Team\": \"billing\"}}").get("id")
                .asText();
        JsonNode shown = api.get(ENDPOINTS + "/" + id).get("headers");
        assertThat(shown.get("Authorization").asText()).isEqualTo("[redacted]");
        assertThat(shown.get("X-Team").asText()).isEqualTo("billing");
        assertThat(send(api, "GET", ENDPOINTS, null).body()).doesNotContain("s3cr3t-value");
        // What a GET showed, sent back with a change: the redacted value stays what it was.
        answer(send(api, "PATCH", ENDPOINTS + "/" + id,
                "{\"headers\": {\"Authorization\": \"[redacted]\", \"X-Team\": \"ops\"}}"), 200);
        JsonNode unknown = answer(send(api, "PATCH", ENDPOINTS + "/" + id,
                "{\"headers\": {\"Authorization\": \"[redacted]\", \"X-Key\": \"[redacted]\"}}"), 400);
        assertThat(unknown.get("error").asText()).isEqualTo("webhook.invalid");
        assertThat(unknown.get("details").toString()).contains("headers.X-Key");
        assertThat(unknown.get("message").asText()).contains("send the real value");
        assertThat(api.get(ENDPOINTS + "/" + id).get("headers")).hasSize(2);
        // To another host (here another port), a stored secret goes only when given again.
        JsonNode moved = answer(
                send(api, "PATCH", ENDPOINTS + "/" + id, "{\"url\": \"http://127.0.0.1:9/hooks\","
                        + " \"headers\": {\"Authorization\": \"[redacted]\", \"X-Team\": \"ops\"}}"),
                400);
        assertThat(moved.get("details").toString()).contains("headers.Authorization");
        assertThat(moved.get("message").asText()).contains("the url moves to another host");
        assertThat(api.get(ENDPOINTS + "/" + id).get("url").asText()).isEqualTo(receiver.url("/hooks"));

        String deliveryId = answer(send(api, "POST", ENDPOINTS + "/" + id + "/test",
                "{\"type\": \"a.b\", \"payload\": {}}"), 202).get("id").asText();
        WebhookReceiver.Received got = next(0);
        assertThat(got.header("authorization")).isEqualTo("Bearer s3cr3t-value");
        assertThat(got.header("x-team")).isEqualTo("ops");
        Eventually.until("the test delivery's attempt is recorded", LIMIT,
                () -> api.get("/api/v1/webhooks/deliveries/" + deliveryId).get("history").size() == 1);
        assertThat(api.get("/api/v1/webhooks/deliveries/" + deliveryId).toString())
                .doesNotContain("s3cr3t-value");
    }

    @Test
    void aQueryParameterARouteDoesNotTakeIsRefusedNamingThoseItTakes() throws Exception {
        String id = create(endpointJson("[\"a.b\"]")).get("id").asText();
        for (String path : List.of(ENDPOINTS + "?enabled=true", ENDPOINTS + "/" + id + "?verbose=1",
                "/api/v1/event-types?source=tenant", "/api/v1/event-types/execution.failed?v=2",
                "/api/v1/webhooks/deliveries/dlv_none?x=1", "/api/v1/webhooks/messages/msg_none?x=1")) {
            JsonNode refused = answer(send(api, "GET", path, null), 400);
            assertThat(refused.get("error").asText()).as(path).isEqualTo("query.invalid");
            assertThat(refused.get("message").asText()).as(path)
                    .contains("is not a parameter of this request; this request takes no query parameters");
        }
        for (String[] call : List.of(new String[]{"PATCH", ENDPOINTS + "/" + id + "?force=1", "{}"},
                new String[]{"POST", ENDPOINTS + "/" + id + "/rotate-secret?now=1", null},
                new String[]{"POST", ENDPOINTS + "/" + id + "/test?dry=1", "{\"type\": \"a.b\"}"},
                new String[]{"DELETE", ENDPOINTS + "/" + id + "?cascade=1", null},
                new String[]{"PUT", "/api/v1/event-types/invoice.paid?x=1", "{\"schema\": {}}"})) {
            assertThat(answer(send(api, call[0], call[1], call[2]), 400).get("error").asText())
                    .as(call[0] + " " + call[1]).isEqualTo("query.invalid");
        }
        assertThat(answer(send(api, "GET", ENDPOINTS + "/" + id + "/deliveries?sinse=1h", null), 400)
                .get("message").asText()).contains("'sinse'", "did you mean since?");
        assertThat(api.get(ENDPOINTS + "/" + id).get("secretVersion").asInt()).isEqualTo(1);
    }

    @Test
    void aTestSendSaysWhetherItsTypeIsMissingOrMalformed() throws Exception {
        String id = create(endpointJson("[\"a.b\"]")).get("id").asText();
        JsonNode missing = answer(send(api, "POST", ENDPOINTS + "/" + id + "/test", "{}"), 400);
        assertThat(missing.get("message").asText()).startsWith("type is required");
        JsonNode malformed = answer(send(api, "POST", ENDPOINTS + "/" + id + "/test",
                "{\"type\": \"Invoice Paid\"}"), 400);
        assertThat(malformed.get("error").asText()).isEqualTo("webhook.invalid");
        assertThat(malformed.get("message").asText())
                .isEqualTo("type must be an event type (dotted lower-case"
                        + " words such as execution.failed), but was 'Invoice Paid'");
        assertThat(malformed.get("details").toString()).contains("\"field\":\"type\"");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void eventTypesAreListedDeclaredReplacedAndDeleted() throws Exception {
        JsonNode catalog = answer(send(api, "GET", "/api/v1/event-types", null), 200).get("items");
        assertThat(catalog).filteredOn(t -> t.get("source").asText().equals("platform"))
                .extracting(t -> t.get("type").asText())
                .contains("execution.failed", "execution.succeeded", "flow.deployed", "endpoint.disabled");
        JsonNode failed = answer(send(api, "GET", "/api/v1/event-types/execution.failed", null), 200);
        assertThat(failed.get("schema").isObject()).isTrue();
        assertThat(failed.get("example").isNull()).isFalse();

        String schema = "{\"type\": \"object\", \"required\": [\"amount\"],"
                + " \"properties\": {\"amount\": {\"type\": \"number\"}}}";
        JsonNode declared = answer(send(api, "PUT", "/api/v1/event-types/invoice.paid",
                "{\"description\": \"An invoice was paid\", \"schema\": " + schema
                        + ", \"example\": {\"amount\": 12}}"),
                201);
        assertThat(declared.get("source").asText()).isEqualTo("tenant");
        assertThat(declared.at("/example/amount").asInt()).isEqualTo(12);
        JsonNode replaced = answer(send(api, "PUT", "/api/v1/event-types/invoice.paid",
                "{\"description\": \"Paid in full\", \"schema\": " + schema + "}"), 200);
        assertThat(replaced.get("description").asText()).isEqualTo("Paid in full");
        assertThat(answer(send(api, "GET", "/api/v1/event-types", null), 200).get("items"))
                .filteredOn(t -> t.get("type").asText().equals("invoice.paid"))
                .extracting(t -> t.get("source").asText()).containsExactly("tenant");

        assertThat(answer(send(api, "PUT", "/api/v1/event-types/execution.paid", "{\"schema\": {}}"), 400)
                .get("error").asText()).isEqualTo("event_type.invalid");
        assertThat(
                answer(send(api, "PUT", "/api/v1/event-types/invoice.late", "{\"description\": \"x\"}"), 400)
                        .get("message").asText())
                .contains("schema is required");
        for (String notAnObject : List.of("\"{}\"", "[]", "true", "12")) {
            JsonNode refused = answer(send(api, "PUT", "/api/v1/event-types/invoice.late",
                    "{\"schema\": " + notAnObject + "}"), 400);
            assertThat(refused.get("error").asText()).isEqualTo("event_type.invalid");
            assertThat(refused.get("message").asText()).as(notAnObject)
                    .startsWith("schema must be a JSON object (a JSON Schema");
            assertThat(refused.get("details").toString()).contains("\"field\":\"schema\"");
        }
        assertThat(answer(
                send(api, "PUT", "/api/v1/event-types/invoice.late", "{\"schema\": {}, \"examples\": 1}"),
                400).get("message").asText()).contains("did you mean 'example'");
        assertThat(answer(send(api, "DELETE", "/api/v1/event-types/execution.failed", null), 400)
                .get("error").asText()).isEqualTo("event_type.invalid");
        assertThat(send(api, "DELETE", "/api/v1/event-types/invoice.paid", null).statusCode()).isEqualTo(204);
        assertThat(send(api, "DELETE", "/api/v1/event-types/invoice.paid", null).statusCode()).isEqualTo(404);
        assertThat(send(api, "GET", "/api/v1/event-types/invoice.paid", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aPublishedEventMustFitItsDeclaredSchema() throws Exception {
        answer(send(api, "PUT", "/api/v1/event-types/invoice.paid", "{\"schema\": {\"type\": \"object\","
                + " \"required\": [\"amount\"], \"properties\": {\"amount\": {\"type\": \"number\"}}}}"),
                201);
        JsonNode refused = answer(send(api, "POST", "/api/v1/events",
                "{\"type\": \"invoice.paid\", \"payload\": {\"amount\": \"ten\"}}"), 400);
        assertThat(refused.get("error").asText()).isEqualTo("event.invalid");
        assertThat(refused.get("message").asText()).contains("amount");
        assertThat(send(api, "POST", "/api/v1/events", "{\"type\": \"invoice.paid\"}").statusCode())
                .isEqualTo(400);
        answer(send(api, "POST", "/api/v1/events",
                "{\"type\": \"invoice.paid\", \"payload\": {\"amount\": 10}}"),
                201);
        // A type nobody declared takes any payload.
        answer(send(api, "POST", "/api/v1/events", "{\"type\": \"order.created\", \"payload\": [1, \"x\"]}"),
                201);
        assertThat(answer(send(api, "GET", "/api/v1/events?type=invoice.paid", null), 200).get("items"))
                .hasSize(1);
    }

    @Test
    void aViewerReadsEndpointsButMayNotCreateOrRotateThem() throws Exception {
        String id = create(endpointJson("[\"a.b\"]")).get("id").asText();
        JsonNode key = answer(send(api, "POST", "/api/v1/tenants/default/api-keys",
                "{\"name\": \"watcher\", \"role\": \"viewer\"}"), 201);
        ServerCalls viewer = new ServerCalls(server.port(), key.get("key").asText());
        JsonNode forbidden = answer(send(viewer, "POST", ENDPOINTS, endpointJson("[\"a.b\"]")), 403);
        assertThat(forbidden.get("message").asText()).contains("webhooks.write");
        assertThat(send(viewer, "POST", ENDPOINTS + "/" + id + "/rotate-secret", null).statusCode())
                .isEqualTo(403);
        assertThat(send(viewer, "POST", ENDPOINTS + "/" + id + "/test", "{\"type\": \"a.b\"}").statusCode())
                .isEqualTo(403);
        assertThat(answer(send(viewer, "GET", ENDPOINTS, null), 200).get("items")).hasSize(1);
        assertThat(send(viewer, "GET", "/api/v1/event-types", null).statusCode()).isEqualTo(200);
    }
}
