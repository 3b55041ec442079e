package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import dev.weft.outbound.WebhookSettings;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.Eventually;
import dev.weft.testkit.webhooks.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The deliveries of {@code /api/v1/webhooks} on a server with the embedded SQLite store, as
 * docs/design/outbound-webhooks.md describes them: an event delivered to two endpoints, signed the Standard
 * Webhooks way (verified by the official library), each delivery and the message read with their attempts
 * ({@code history}); an endpoint's deliveries listed newest first a page at a time, replayed; and the
 * {@code weft_webhooks_*} metrics on {@code /metrics}. A failed attempt is tried again an hour later here, so
 * a failing endpoint's delivery stays pending.
 */
class WebhookDeliveriesApiIT extends WebhookApiFixture {
    private static final Duration BACKLOG_REFRESH = Duration.ofSeconds(45);

    @Override
    ServerSettings settings() {
        return super.settings().withWebhooks(WebhookSettings.defaults()
                .withRetrySchedule(List.of(Duration.ZERO, Duration.ofHours(1))));
    }

    @Test
    void anEventToTwoEndpointsIsDeliveredSignedToEachAndEveryAttemptIsRecorded() throws Exception {
        JsonNode first = create(endpointJson("/first", "[\"invoice.*\"]"));
        JsonNode second = create(endpointJson("/second", "[\"invoice.paid\"]"));
        String firstId = first.get("id").asText();
        String secondId = second.get("id").asText();
        // Not subscribed: the fan-out reads the feed in commit order, so it has passed this one by the time
        // the next is delivered.
        answer(send(api, "POST", "/api/v1/events", "{\"type\": \"order.created\", \"payload\": {\"n\": 1}}"),
                201);
        answer(send(api, "POST", "/api/v1/events",
                "{\"type\": \"invoice.paid\", \"payload\": {\"amount\": 42}}"), 201);

        next(1);
        Map<String, WebhookReceiver.Received> byPath = receiver.received().stream()
                .collect(Collectors.toMap(WebhookReceiver.Received::path, Function.identity()));
        assertThat(byPath).containsOnlyKeys("/first", "/second");
        // Each endpoint's request is signed with its own secret; the message, and so its id, is the same.
        new Webhook(first.get("secret").asText()).verify(byPath.get("/first").body(),
                headers(byPath.get("/first")));
        new Webhook(second.get("secret").asText()).verify(byPath.get("/second").body(),
                headers(byPath.get("/second")));
        String webhookId = byPath.get("/first").header("webhook-id");
        assertThat(webhookId).startsWith("msg_").isEqualTo(byPath.get("/second").header("webhook-id"));
        JsonNode body = ServerCalls.JSON.readTree(byPath.get("/first").body());
        assertThat(body.get("type").asText()).isEqualTo("invoice.paid");
        assertThat(body.at("/data/amount").asInt()).isEqualTo(42);
        assertThat(byPath.get("/first").method()).isEqualTo("POST");

        // The outcome is committed after the receiver answered.
        for (String endpoint : List.of(firstId, secondId)) {
            Eventually.until("the delivery to " + endpoint + " is recorded as succeeded", LIMIT, () -> {
                JsonNode items = api.get(ENDPOINTS + "/" + endpoint + "/deliveries").get("items");
                return items.size() == 1 && items.get(0).get("status").asText().equals("succeeded");
            });
        }
        JsonNode page = api.get(ENDPOINTS + "/" + firstId + "/deliveries?status=succeeded&type=invoice.paid");
        assertThat(page.get("next").isNull()).isTrue();
        JsonNode delivery = page.get("items").get(0);
        assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.get("messageId").asText()).isEqualTo(webhookId);
        assertThat(delivery.get("lastStatus").asInt()).isEqualTo(200);
        assertThat(delivery.has("history")).as("a list shows the count only").isFalse();
        assertThat(api.get(ENDPOINTS + "/" + firstId + "/deliveries?status=failed,pending").get("items"))
                .isEmpty();

        JsonNode detail = api.get("/api/v1/webhooks/deliveries/" + delivery.get("id").asText());
        assertThat(detail.at("/message/id").asText()).isEqualTo(webhookId);
        assertThat(detail.at("/message/body/data/amount").asInt()).isEqualTo(42);
        assertThat(detail.get("attempts").asInt()).isEqualTo(1);
        assertSucceededOnce(detail.get("history"), byPath.get("/first"));

        JsonNode message = api.get("/api/v1/webhooks/messages/" + webhookId);
        assertThat(message.get("eventType").asText()).isEqualTo("invoice.paid");
        assertThat(message.get("deliveries")).extracting(d -> d.get("endpointId").asText())
                .containsExactlyInAnyOrder(firstId, secondId);
        for (JsonNode d : message.get("deliveries")) {
            String path = d.get("endpointId").asText().equals(firstId) ? "/first" : "/second";
            assertThat(d.get("status").asText()).isEqualTo("succeeded");
            assertThat(d.get("attempts").asInt()).isEqualTo(1);
            assertSucceededOnce(d.get("history"), byPath.get(path));
        }

        // A test send of a platform type: its example, signed the same way, whatever the endpoint subscribes to.
        JsonNode test = answer(
                send(api, "POST", ENDPOINTS + "/" + firstId + "/test", "{\"type\": \"execution.failed\"}"),
                202);
        assertThat(test.get("eventType").asText()).isEqualTo("execution.failed");
        WebhookReceiver.Received sample = next(2);
        new Webhook(first.get("secret").asText()).verify(sample.body(), headers(sample));
        assertThat(ServerCalls.JSON.readTree(sample.body()).get("type").asText())
                .isEqualTo("execution.failed");
        assertThat(receiver.received()).hasSize(3);
    }

    /** One attempt, which succeeded with 200, its request's signature not shown. */
    private static void assertSucceededOnce(JsonNode history, WebhookReceiver.Received sent) {
        assertThat(history).hasSize(1);
        JsonNode attempt = history.get(0);
        assertThat(attempt.get("attempt").asInt()).isEqualTo(1);
        assertThat(attempt.get("succeeded").asBoolean()).isTrue();
        assertThat(attempt.get("responseStatus").asInt()).isEqualTo(200);
        assertThat(attempt.at("/requestHeaders/webhook-id").asText()).isEqualTo(sent.header("webhook-id"));
        assertThat(attempt.get("requestHeaders").toString()).doesNotContain(sent.header("webhook-signature"));
    }

    @Test
    void deliveriesAreListedNewestFirstAPageAtATimeAndReplayed() throws Exception {
        String id = create(endpointJson("[\"a.b\"]")).get("id").asText();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(answer(send(api, "POST", ENDPOINTS + "/" + id + "/test",
                    "{\"type\": \"a.b\", \"payload\": {\"i\": " + i + "}}"), 202).get("id").asText());
            // Ids (and createdAt) are ordered by the millisecond they were made in, not within one: the next
            // is made once the clock has passed the millisecond this answer came in, which follows its making.
            long answered = System.currentTimeMillis();
            Eventually.until("the clock passes the millisecond of answer " + i, LIMIT,
                    () -> System.currentTimeMillis() > answered);
        }

        JsonNode first = api.get(ENDPOINTS + "/" + id + "/deliveries?limit=2");
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = api.get(
                ENDPOINTS + "/" + id + "/deliveries?limit=2&cursor=" + first.get("next").asText());
        assertThat(second.get("next").isNull()).isTrue();
        List<JsonNode> paged = new ArrayList<>();
        first.get("items").forEach(paged::add);
        second.get("items").forEach(paged::add);
        assertThat(paged).extracting(d -> d.get("id").asText())
                .containsExactly(sent.get(2), sent.get(1), sent.get(0));
        assertThat(paged).extracting(d -> Instant.parse(d.get("createdAt").asText()))
                .isSortedAccordingTo(java.util.Comparator.reverseOrder()).doesNotHaveDuplicates();

        for (String bad : List.of("?limit=0", "?status=done", "?since=yesterday", "?until=1h&since=30m",
                "?sort=id", "?since=200000000000d", "?until=%2B999999999-12-31T23:59:59Z")) {
            assertThat(answer(send(api, "GET", ENDPOINTS + "/" + id + "/deliveries" + bad, null), 400)
                    .get("error").asText()).as(bad).isEqualTo("query.invalid");
        }
        String far = answer(send(api, "GET", ENDPOINTS + "/" + id + "/deliveries?since=200000000000d", null),
                400).get("message").asText();
        assertThat(far).startsWith("since must be an ISO-8601 instant such as").contains(
                "a duration before now",
                "within the years 0001 to 9999", "'200000000000d'");
        assertThat(
                answer(send(api, "GET", "/api/v1/executions?until=%2B999999999-12-31T23:59:59Z", null), 400)
                        .get("message").asText())
                .startsWith("until must be").contains("within the years 0001 to 9999");

        assertThat(answer(send(api, "POST", ENDPOINTS + "/" + id + "/replay", null), 400).get("message")
                .asText()).contains("since is required");
        Eventually.until("the three deliveries succeeded", LIMIT, () -> api
                .get(ENDPOINTS + "/" + id + "/deliveries?status=succeeded").get("items").size() == 3);
        assertThat(answer(send(api, "POST", ENDPOINTS + "/" + id + "/replay?since=1h", null), 202)
                .get("replayed").asInt()).as("none failed").isZero();
        assertThat(answer(send(api, "POST", ENDPOINTS + "/" + id + "/replay?since=1h&status=succeeded,failed",
                null), 202).get("replayed").asInt()).isEqualTo(3);
        Eventually.until("each replayed delivery reaches the receiver again", LIMIT,
                () -> receiver.received().size() == 6);
    }

    @Test
    void theMetricsCountAttemptsAndEndedDeliveriesAndShowAFailingEndpointsBacklog() throws Exception {
        receiver.answer(r -> WebhookReceiver.Answer.of(r.path().equals("/down") ? 500 : 200));
        String up = create(endpointJson("/up", "[\"a.b\"]")).get("id").asText();
        String down = create(endpointJson("/down", "[\"a.b\"]")).get("id").asText();
        answer(send(api, "POST", "/api/v1/events", "{\"type\": \"a.b\", \"payload\": {}}"), 201);

        Eventually.until("a delivery succeeded, another failed and is pending again (in an hour)", LIMIT,
                () -> api.get(ENDPOINTS + "/" + up + "/deliveries?status=succeeded").get("items").size() == 1
                        && api.get(ENDPOINTS + "/" + down + "/deliveries?status=pending").get("items")
                                .path(0).path("lastStatus").asInt() == 500);
        // Counted just after the outcome is committed.
        Eventually.until("the attempts, their latency and the ended delivery are counted", LIMIT, () -> {
            String scrape = scrape();
            return metric(scrape, "weft_webhooks_attempts_total", "outcome=\"succeeded\"") == 1.0
                    && metric(scrape, "weft_webhooks_attempts_total", "outcome=\"failed\"") == 1.0
                    && metric(scrape, "weft_webhooks_attempt_seconds_count", "") == 2.0
                    && metric(scrape, "weft_webhooks_deliveries_total", "status=\"succeeded\"") == 1.0;
        });
        String scrape = scrape();
        assertThat(scrape).contains("weft_webhooks_attempt_seconds{quantile=\"0.99\"")
                .doesNotContain("weft_webhooks_deliveries_total{status=\"failed\"");
        // The backlog is read from the store every few seconds.
        Eventually.until("the failing endpoint's backlog is its one pending delivery", BACKLOG_REFRESH,
                () -> metric(scrape(), "weft_webhooks_backlog", "endpoint=\"" + down + "\"") == 1.0);
        String backlog = scrape();
        assertThat(metric(backlog, "weft_webhooks_backlog", "endpoint=\"" + down + "\",tenant=\"default\""))
                .isEqualTo(1.0);
        assertThat(metric(backlog, "weft_webhooks_backlog_age_seconds", "endpoint=\"" + down + "\""))
                .isGreaterThanOrEqualTo(0.0);
        assertThat(metric(backlog, "weft_webhooks_backlog", "endpoint=\"" + up + "\"")).isIn(0.0, Double.NaN);
    }

    /** The server's Prometheus scrape, which needs no key. */
    private String scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The value of the series {@code name} whose labels contain {@code labels}; NaN when there is none. */
    private static double metric(String scrape, String name, String labels) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (line.substring(0, space).contains(labels)) {
                return Double.parseDouble(line.substring(space + 1));
            }
        }
        return Double.NaN;
    }
}
