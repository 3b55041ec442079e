package dev.weft.bench.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.webhooks.StandardWebhooksSpec;
import dev.weft.webhooks.WebhookSigner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The deliveries of the webhook benchmark and what the flow ({@code orders.yaml}) must answer to each:
 * an order as JSON, signed as a Standard Webhooks delivery with its own id, answered with status 200 and
 * {@code {"order": id, "total": qty * price, "stub": "ok"}}, the total having gone through the stub.
 * Thread-safe.
 */
final class Orders {
    static final String CREDENTIAL = "bench-webhook-secret";
    static final String PATH = "/hooks/bench/orders";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WebhookSigner SIGNER = WebhookSigner.of(new StandardWebhooksSpec(CREDENTIAL));

    private final List<byte[]> secrets;

    /** @param secret the credential's value, {@code whsec_<base64>} */
    Orders(String secret) {
        this.secrets = List.of(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** One order: {@code id} is both the order id and the delivery's webhook-id, unique per request. */
    record Order(String id, int qty, int price) {
        long total() {
            return (long) qty * price;
        }

        byte[] body() {
            return ("{\"order\":\"" + id + "\",\"qty\":" + qty + ",\"price\":" + price + "}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A signed delivery: the body and the Standard Webhooks headers, signed now. */
    record Delivery(byte[] body, Map<String, String> headers) {
    }

    Delivery delivery(Order order) {
        byte[] body = order.body();
        return new Delivery(body, SIGNER.sign(order.id(), Instant.now(), body, secrets).headers());
    }

    /**
     * Why the answer is not the flow's answer to the order, or null when it is.
     *
     * @param executionId the {@code Weft-Execution-Id} header, which only an answer from the execution has
     */
    static String problem(Order order, int status, String executionId, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (status != 200) {
            return "status " + status + ": " + abbreviate(text);
        }
        if (executionId == null) {
            return "no Weft-Execution-Id header (not the respond step's answer?): " + abbreviate(text);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            return "body is not JSON: " + abbreviate(text);
        }
        if (!order.id().equals(answer.path("order").asText(null))
                || !answer.path("total").isNumber()
                || answer.path("total").asDouble() != order.total()
                || !"ok".equals(answer.path("stub").asText(null))) {
            return "expected {order: " + order.id() + ", total: " + order.total() + ", stub: ok}, got "
                    + abbreviate(text);
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
