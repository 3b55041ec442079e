package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.config.ServerSettings;
import dev.weft.testkit.Eventually;
import dev.weft.testkit.webhooks.WebhookReceiver;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A server whose egress rules allow 127.0.0.1, with a local webhook receiver started before each test: the
 * fixture of the outbound webhook API's tests, with the calls they share.
 */
abstract class WebhookApiFixture extends ServerFixture {
    static final Duration LIMIT = Duration.ofSeconds(20);
    static final String ENDPOINTS = "/api/v1/webhooks/endpoints";

    WebhookReceiver receiver;

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

    HttpResponse<String> send(ServerCalls as, String method, String path, String json) throws Exception {
        return as.call(method, path, json, json == null ? null : "application/json");
    }

    /** The answer's JSON (null for an empty body), once its status is {@code status}. */
    static JsonNode answer(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : ServerCalls.JSON.readTree(r.body());
    }

    /** Creates an endpoint; the answer, with its secret. */
    JsonNode create(String json) throws Exception {
        return answer(send(api, "POST", ENDPOINTS, json), 201);
    }

    /** An endpoint to the receiver's {@code /hooks}, subscribed to {@code events} (a JSON array). */
    String endpointJson(String events) {
        return endpointJson("/hooks", events);
    }

    String endpointJson(String path, String events) {
        return "{\"url\": \"" + receiver.url(path) + "\", \"events\": " + events + "}";
    }

    /** The receiver's {@code index}th request (from 0), once it has come. */
    WebhookReceiver.Received next(int index) throws Exception {
        Eventually.until("request " + (index + 1) + " reaches the receiver", LIMIT,
                () -> receiver.received().size() > index);
        return receiver.received().get(index);
    }

    /** The request's headers as the official library reads them. */
    static Map<String, List<String>> headers(WebhookReceiver.Received r) {
        Map<String, List<String>> out = new TreeMap<>();
        r.headers().forEach((name, value) -> out.put(name, List.of(value)));
        return out;
    }
}
