package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.Eventually;
import dev.weft.testkit.webhooks.WebhookReceiver;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/webhooks} and {@code /api/v1/event-types} on a server with the embedded SQLite store, as
 * docs/design/outbound-webhooks.md describes them: endpoints and their secret (shown once), the errors that
 * name a field, event types and the schema they hold published events to, who may do what, and one event
 * delivered end to end to a local receiver, its signature verified by the official Standard Webhooks library.
 */
class WebhooksApiIT extends ServerFixture {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final String ENDPOINTS = "/api/v1/webhooks/endpoints";

    private WebhookReceiver receiver;

    @Override
    ServerSettings settings() {
        return super.settings().withEgressAllow(List.of("127.0.0.1/32"));
    }

    @BeforeEach
    void startReceiver() {
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private HttpResponse<String> send(ServerCalls as, String method, String path, String json)
            throws Exception {
        return as.call(method, path, json, json == null ? null : "application/json");
    }

    private static JsonNode answer(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : ServerCalls.JSON.readTree(r.body());
    }

    private JsonNode create(String json) throws Exception {
        return answer(send(api, "POST", ENDPOINTS, json), 201);
    }

    private String endpointJson(String events) {
        return "{\"url\": \"" + receiver.url("/hooks") + "\", \"events\": " + events + "}";
    }

    @Test
    void creatingAnEndpointShowsItsSecretOnceAndNeverAgain() throws Exception {
        JsonNode created = create("{\"url\": \"" + receiver.url("/hooks") + "\", \"events\": [\"invoice.*\"],"
                + " \"description\": \"billing\", \"headers\": {\"X-Team\": \"billing\"}}");
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
        JsonNode rotated = answer(send(api, "POST", ENDPOINTS + "/" + id + "/rotate-secret", null), 200);
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
        assertThat(
                answer(send(api, "PATCH", ENDPOINTS + "/" + id, "{\"headers\": {\"X-Key\": \"[redacted]\"}}"),
                        400).get("details").toString())
                .contains("headers.X-Key");

        String deliveryId = answer(send(api, "POST", ENDPOINTS + "/" + id + "/test",
                "{\"type\": \"a.b\", \"payload\": {}}"), 202).get("id").asText();
        WebhookReceiver.Received got = next(0);
        assertThat(got.header("authorization")).isEqualTo("Bearer s3cr3t-value");
        assertThat(got.header("x-team")).isEqualTo("ops");
        Eventually.until("the test delivery's attempt is recorded", LIMIT,
                () -> api.get("/api/v1/webhooks/deliveries/" + deliveryId).get("attempts").size() == 1);
        assertThat(api.get("/api/v1/webhooks/deliveries/" + deliveryId).toString())
                .doesNotContain("s3cr3t-value");
    }

    @Test
    void deliveriesArePagedNewestFirstByTheirCursor() throws Exception {
        String id = create(endpointJson("[\"a.b\"]")).get("id").asText();
        List<String> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(answer(send(api, "POST", ENDPOINTS + "/" + id + "/test",
                    "{\"type\": \"a.b\", \"payload\": {\"i\": " + i + "}}"), 202).get("id").asText());
        }
        // Newest first to the millisecond (ids are time-ordered by it); the pages neither repeat nor skip one.
        JsonNode first = api.get(ENDPOINTS + "/" + id + "/deliveries?limit=2");
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = api.get(
                ENDPOINTS + "/" + id + "/deliveries?limit=2&cursor=" + first.get("next").asText());
        List<String> paged = new java.util.ArrayList<>();
        first.get("items").forEach(d -> paged.add(d.get("id").asText()));
        second.get("items").forEach(d -> paged.add(d.get("id").asText()));
        assertThat(paged).containsExactlyInAnyOrderElementsOf(sent);
        assertThat(second.get("next").isNull()).isTrue();
        for (String bad : List.of("?limit=0", "?status=done", "?since=yesterday", "?until=1h&since=30m",
                "?sort=id")) {
            assertThat(answer(send(api, "GET", ENDPOINTS + "/" + id + "/deliveries" + bad, null), 400)
                    .get("error").asText()).as(bad).isEqualTo("query.invalid");
        }
        assertThat(answer(send(api, "POST", ENDPOINTS + "/" + id + "/replay", null), 400).get("message")
                .asText())
                .contains("since is required");
        assertThat(answer(send(api, "POST", ENDPOINTS + "/" + id + "/replay?since=1h&status=succeeded,failed",
                null), 202).has("replayed")).isTrue();
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
                .contains("schema");
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

    @Test
    void anEventIsDeliveredSignedTheStandardWebhooksWayAndItsDeliveryRecorded() throws Exception {
        JsonNode created = create(endpointJson("[\"invoice.*\"]"));
        String id = created.get("id").asText();
        Webhook verifier = new Webhook(created.get("secret").asText());
        // Not subscribed: the fan-out reads the feed in commit order, so it has passed this one by the time
        // the next is delivered.
        answer(send(api, "POST", "/api/v1/events", "{\"type\": \"order.created\", \"payload\": {\"n\": 1}}"),
                201);
        answer(send(api, "POST", "/api/v1/events",
                "{\"type\": \"invoice.paid\", \"payload\": {\"amount\": 42}}"),
                201);

        WebhookReceiver.Received got = next(0);
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.path()).isEqualTo("/hooks");
        verifier.verify(got.body(), headers(got)); // throws unless a signature verifies
        JsonNode body = ServerCalls.JSON.readTree(got.body());
        assertThat(body.get("type").asText()).isEqualTo("invoice.paid");
        assertThat(body.at("/data/amount").asInt()).isEqualTo(42);
        String webhookId = got.header("webhook-id");
        assertThat(webhookId).startsWith("msg_");

        Eventually.until("the delivery is recorded as succeeded", LIMIT, () -> {
            JsonNode items = api.get(ENDPOINTS + "/" + id + "/deliveries").get("items");
            return items.size() == 1 && items.get(0).get("status").asText().equals("succeeded");
        });
        JsonNode page = api.get(ENDPOINTS + "/" + id + "/deliveries?status=succeeded&type=invoice.paid");
        assertThat(page.get("next").isNull()).isTrue();
        JsonNode delivery = page.get("items").get(0);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("messageId").asText()).isEqualTo(webhookId);
        assertThat(delivery.get("lastStatus").asInt()).isEqualTo(200);
        assertThat(api.get(ENDPOINTS + "/" + id + "/deliveries?status=failed,pending").get("items"))
                .isEmpty();

        JsonNode detail = api.get("/api/v1/webhooks/deliveries/" + delivery.get("id").asText());
        assertThat(detail.at("/message/id").asText()).isEqualTo(webhookId);
        assertThat(detail.at("/message/body/data/amount").asInt()).isEqualTo(42);
        assertThat(detail.get("attempts")).hasSize(1);
        JsonNode attempt = detail.get("attempts").get(0);
        assertThat(attempt.get("succeeded").asBoolean()).isTrue();
        assertThat(attempt.get("responseStatus").asInt()).isEqualTo(200);
        assertThat(attempt.get("requestHeaders").toString()).doesNotContain(got.header("webhook-signature"));
        JsonNode message = api.get("/api/v1/webhooks/messages/" + webhookId);
        assertThat(message.get("deliveries")).extracting(d -> d.get("endpointId").asText())
                .containsExactly(id);

        // A test send of a platform type: its example, signed the same way, whatever the endpoint subscribes to.
        JsonNode test = answer(
                send(api, "POST", ENDPOINTS + "/" + id + "/test", "{\"type\": \"execution.failed\"}"),
                202);
        assertThat(test.get("eventType").asText()).isEqualTo("execution.failed");
        WebhookReceiver.Received sample = next(1);
        verifier.verify(sample.body(), headers(sample));
        assertThat(ServerCalls.JSON.readTree(sample.body()).get("type").asText())
                .isEqualTo("execution.failed");
        assertThat(receiver.received()).hasSize(2);
    }

    /** The receiver's {@code index}th request (from 0), once it has come. */
    private WebhookReceiver.Received next(int index) throws Exception {
        Eventually.until("request " + (index + 1) + " reaches the receiver", LIMIT,
                () -> receiver.received().size() > index);
        return receiver.received().get(index);
    }

    /** The request's headers as the official library reads them. */
    private static Map<String, List<String>> headers(WebhookReceiver.Received r) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        r.headers().forEach((name, value) -> out.put(name, List.of(value)));
        return out;
    }
}
