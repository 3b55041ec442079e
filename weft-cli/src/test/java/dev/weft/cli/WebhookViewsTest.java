package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code weft webhooks} shows the API's endpoints, deliveries and attempts (docs/design/outbound-webhooks.md). */
class WebhookViewsTest {
    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    private static final String ENABLED = """
            {"id": "ep_1", "url": "https://hooks.example.com/weft", "events": ["execution.*", "flow.deployed"],
             "filter": null, "headers": {"X-Team": "billing"}, "rateLimit": 20, "concurrency": 4, "enabled": true,
             "disabledReason": null, "description": "billing", "secretVersion": 2,
             "previousSecretExpiresAt": "2026-12-07T18:00:00Z", "failingSince": null,
             "createdAt": "2026-12-01T09:00:00Z", "updatedAt": "2026-12-06T18:00:00Z", "version": 3}""";

    @Test
    void endpointsAreATableWithTheirState() throws Exception {
        JsonNode disabled = json("""
                {"id": "ep_22", "url": "https://gone.example.com/", "events": ["*"], "enabled": false,
                 "disabledReason": "answered 410 Gone", "description": null, "failingSince": null}""");
        JsonNode failing = json(
                """
                        {"id": "ep_3", "url": "https://slow.example.com/", "events": ["invoice.approved"], "enabled": true,
                         "failingSince": "2026-12-05T10:00:00Z"}""");

        assertThat(WebhookViews.endpoints(List.of(json(ENABLED), disabled, failing))).containsExactly(
                "ID     STATE                               EVENTS                     URL                             DESCRIPTION",
                "ep_1   enabled                             execution.*,flow.deployed  https://hooks.example.com/weft  billing",
                "ep_22  disabled (answered 410 Gone)        *                          https://gone.example.com/       -",
                "ep_3   failing since 2026-12-05T10:00:00Z  invoice.approved           https://slow.example.com/       -");
    }

    @Test
    void oneEndpointIsShownFieldByField() throws Exception {
        assertThat(WebhookViews.endpoint(json(ENABLED))).containsExactly(
                "id              ep_1",
                "url             https://hooks.example.com/weft",
                "events          execution.*,flow.deployed",
                "filter          -",
                "headers         X-Team=billing",
                "rate limit      20/s",
                "concurrency     4",
                "state           enabled",
                "description     billing",
                "secret version  2 (the previous one also signs until 2026-12-07T18:00:00Z)",
                "created         2026-12-01T09:00:00Z",
                "updated         2026-12-06T18:00:00Z");
    }

    @Test
    void deliveriesShowTheLastAnswerOrErrorAndWhenAPendingOneIsTriedNext() throws Exception {
        JsonNode pending = json("""
                {"id": "dlv_2", "endpointId": "ep_1", "messageId": "msg_42", "eventType": "execution.failed",
                 "status": "pending", "attempts": 2, "dueAt": "2026-12-06T18:05:00Z", "lastStatus": null,
                 "lastError": "connection refused", "createdAt": "2026-12-06T18:00:00Z"}""");
        JsonNode done = json("""
                {"id": "dlv_1", "endpointId": "ep_1", "messageId": "msg_41", "eventType": "flow.deployed",
                 "status": "succeeded", "attempts": 1, "dueAt": "2026-12-06T17:00:00Z", "lastStatus": 204,
                 "lastError": null, "createdAt": "2026-12-06T17:00:00Z"}""");

        assertThat(WebhookViews.deliveries(List.of(pending, done))).containsExactly(
                "ID     STATUS     TYPE              ATTEMPTS  LAST                CREATED               NEXT",
                "dlv_2  pending    execution.failed  2         connection refused  2026-12-06T18:00:00Z  2026-12-06T18:05:00Z",
                "dlv_1  succeeded  flow.deployed     1         204                 2026-12-06T17:00:00Z  -");
    }

    @Test
    void aDeliveryIsShownWithEachAttempt() throws Exception {
        JsonNode delivery = json(
                """
                        {"id": "dlv_2", "endpointId": "ep_1", "messageId": "msg_42", "eventType": "execution.failed",
                         "status": "succeeded", "dueAt": "2026-12-06T18:00:05Z", "lastStatus": 200,
                         "createdAt": "2026-12-06T18:00:00Z", "message": {"id": "msg_42"}, "attempts": 3,
                         "history": [
                           {"attempt": 1, "startedAt": "2026-12-06T18:00:00.010Z", "latencyMs": 12,
                            "requestHeaders": {"webhook-signature": "(redacted)"}, "responseStatus": 500,
                            "responseBody": "{\\n  \\"error\\": \\"database is down\\"\\n}", "error": null, "succeeded": false},
                           {"attempt": 2, "startedAt": "2026-12-06T18:00:05.020Z", "latencyMs": 9, "requestHeaders": {},
                            "responseStatus": null, "responseBody": null, "error": "timed out after 15s", "succeeded": false},
                           {"attempt": 3, "startedAt": "2026-12-06T18:05:05.020Z", "latencyMs": 7, "requestHeaders": {},
                            "responseStatus": 200, "responseBody": "", "error": null, "succeeded": true}]}""");

        assertThat(WebhookViews.delivery(delivery)).containsExactly(
                "id            dlv_2",
                "endpoint      ep_1",
                "message       msg_42 (webhook-id)",
                "type          execution.failed",
                "status        succeeded, 3 attempts",
                "next attempt  -",
                "created       2026-12-06T18:00:00Z",
                "",
                "ATTEMPT  STARTED                   OUTCOME    STATUS  LATENCY  ERROR OR BODY",
                "1        2026-12-06T18:00:00.010Z  failed     500     12 ms    { \"error\": \"database is down\" }",
                "2        2026-12-06T18:00:05.020Z  failed     -       9 ms     timed out after 15s",
                "3        2026-12-06T18:05:05.020Z  succeeded  200     7 ms     -");
    }

    @Test
    void aLongCellIsCutToOneShortLine() {
        assertThat(WebhookViews.cell("x".repeat(100))).hasSize(WebhookViews.CELL).endsWith("...");
        assertThat(WebhookViews.cell("a\n  b")).isEqualTo("a b");
    }

    @Test
    void noControlCharacterOfAReceiverReachesTheTerminal() throws Exception {
        String red = "\u001b[31mred\u001b[0m \u009b2J\u0007";
        assertThat(WebhookViews.cell(red)).isEqualTo("\\u001b[31mred\\u001b[0m \\u009b2J\\u0007");
        assertThat(WebhookViews.cell("a\r\n\tb")).isEqualTo("a b");

        JsonNode delivery = json(
                """
                        {"id": "dlv_3", "endpointId": "ep_1", "messageId": "msg_43", "eventType": "flow.deployed",
                         "status": "failed", "attempts": 1, "lastStatus": null, "lastError": "\\u001b]0;owned\\u0007",
                         "createdAt": "2026-12-06T18:00:00Z", "history": [
                           {"attempt": 1, "startedAt": "2026-12-06T18:00:00Z", "latencyMs": 3, "requestHeaders": {},
                            "responseStatus": 500, "responseBody": "\\u001b[31mdown", "error": null, "succeeded": false}]}""");
        List<String> shown = new java.util.ArrayList<>(WebhookViews.delivery(delivery));
        shown.addAll(WebhookViews.deliveries(List.of(delivery)));
        shown.addAll(WebhookViews.endpoint(json(ENABLED.replace("\"billing\"}", "\"\\u001b[2Jx\"}"))));
        assertThat(shown).allSatisfy(line -> assertThat(line).doesNotContainPattern("\\p{Cc}"));
        assertThat(String.join("\n", shown)).contains("\\u001b[31mdown", "\\u001b]0;owned\\u0007",
                "X-Team=\\u001b[2Jx");
    }
}
