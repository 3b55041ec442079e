package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import dev.weft.testkit.webhooks.WebhookReceiver;
import dev.weft.testkit.webhooks.WebhookReceiver.Answer;
import dev.weft.testkit.webhooks.WebhookReceiver.Received;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-hold for outbound webhooks, with real processes: {@code kill -9} of a {@code weft server}
 * right after it accepted 1,000 events, while their deliveries are in flight to a receiver that fails the
 * first request of each {@code webhook-id}; after a restart on the same data directory every event is
 * delivered, the receiver, de-duplicating by {@code webhook-id}, sees each exactly once, every request's
 * signature verifies with the official Standard Webhooks library, and the server's history shows every
 * delivery succeeded after a failed attempt.
 */
class WebhookKillIT {
    private static final System.Logger LOG = System.getLogger(WebhookKillIT.class.getName());
    private static final int EVENTS = 1_000;
    private static final int WRITERS = 4;
    private static final int PAGE = 300;
    /** Quick retries, so that every second attempt comes within seconds. */
    private static final Map<String, String> ENV = Map.of("WEFT_WEBHOOKS_RETRY_SCHEDULE",
            "0s,200ms,500ms,1s,2s,5s,10s");
    /** The default lease (a minute): a restarted server takes a killed one's deliveries over at once, its process gone. */
    private static final String CONFIG = "server: {port: 0}\n";
    private static final Duration DELIVERED_WITHIN = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    /** One request as the receiver answered it; {@code afterRestart} once the second server was starting. */
    private record Seen(Received request, int status, boolean afterRestart) {
        String id() {
            return request.header("webhook-id");
        }
    }

    @Test
    void everyEventAcceptedBeforeAKillIsDeliveredAndSeenOnceByWebhookId() throws Exception {
        Path data = dir.resolve("data");
        Path config = dir.resolve("weft.yaml");
        Files.writeString(config, CONFIG);
        Map<String, AtomicInteger> requestsById = new ConcurrentHashMap<>();
        Queue<Seen> seen = new ConcurrentLinkedQueue<>();
        AtomicBoolean restarted = new AtomicBoolean();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.answer(r -> {
                String id = r.header("webhook-id");
                int status = id == null
                        ? 400
                        : requestsById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() == 1
                                ? 500
                                : 200;
                seen.add(new Seen(r, status, restarted.get()));
                return Answer.of(status);
            });

            Map<String, Integer> accepted; // message id (msg_N of the event evt_N) -> the event's n
            String endpoint;
            String secret;
            long acceptMillis;
            ServerProcess first = ServerProcess.start(config, data, dir.resolve("first.log"), ENV);
            try {
                HttpResponse<String> created = first.call("POST", "/api/v1/webhooks/endpoints",
                        "{\"url\": \"" + receiver.url("/hook") + "\", \"events\": [\"kill.*\"]}",
                        "application/json");
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                JsonNode body = ServerProcess.JSON.readTree(created.body());
                endpoint = body.get("id").asText();
                secret = body.get("secret").asText();
                long start = System.nanoTime();
                accepted = publish(first);
                acceptMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                first.kill();
            } finally {
                first.kill();
            }
            assertThat(accepted).as("events the running server accepted").hasSize(EVENTS);
            Set<String> deliveredBeforeKill = answeredOk(seen);
            assertThat(deliveredBeforeKill).as("the kill came while deliveries were still due")
                    .hasSizeLessThan(EVENTS);

            restarted.set(true);
            long restart = System.nanoTime();
            try (ServerProcess second = ServerProcess.start(config, data, dir.resolve("second.log"), ENV)) {
                awaitAllDelivered(second, first, accepted.keySet(), seen);
                long deliverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restart);
                // The receiver's 200 comes before the server records it: wait for the last outcomes' commit.
                second.awaitTrue(() -> !anyPending(second, endpoint));

                List<Seen> requests = List.copyOf(seen);
                assertThat(requests).as("requests without a webhook-id").allMatch(s -> s.id() != null);
                assertThat(answeredOk(seen)).as("webhook-ids answered 200, each counted once")
                        .isEqualTo(accepted.keySet());
                Webhook verifier = new Webhook(secret);
                for (Seen s : requests) {
                    assertThat(accepted).as("webhook-id of a request").containsKey(s.id());
                    assertThatCode(() -> verifier.verify(s.request().body(), headers(s.request())))
                            .as("signature of %s", s.id()).doesNotThrowAnyException();
                    JsonNode sent = ServerProcess.JSON.readTree(s.request().body());
                    assertThat(sent.path("type").asText()).as("type sent for %s", s.id())
                            .isEqualTo("kill.test");
                    assertThat(sent.at("/data/n").isInt()).as("data.n sent for %s: %s", s.id(), sent)
                            .isTrue();
                    assertThat(sent.at("/data/n").asInt()).as("data.n sent for %s", s.id())
                            .isEqualTo(accepted.get(s.id()));
                }

                Set<String> seenBeforeRestart = requests.stream().filter(s -> !s.afterRestart())
                        .map(Seen::id).collect(Collectors.toSet());
                List<JsonNode> succeeded = deliveries(second, endpoint, "succeeded");
                assertThat(succeeded.stream().map(d -> d.get("messageId").asText()).toList())
                        .as("messages of the succeeded deliveries").hasSize(EVENTS)
                        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(accepted.keySet());
                for (JsonNode d : succeeded) {
                    String message = d.get("messageId").asText();
                    assertThat(d.get("status").asText()).isEqualTo("succeeded");
                    // A first attempt sent by the killed server whose 500 it had not yet recorded is not in
                    // its history: the restarted server sends it again as attempt 1, and the receiver's 200.
                    int least = seenBeforeRestart.contains(message) ? 1 : 2;
                    assertThat(d.get("attempts").asInt()).as("attempts of %s", d)
                            .isGreaterThanOrEqualTo(least);
                }
                assertThat(deliveries(second, endpoint, "pending,failed"))
                        .as("deliveries not succeeded").isEmpty();

                Map<String, Long> okById = requests.stream().filter(s -> s.status() == 200)
                        .collect(Collectors.groupingBy(Seen::id, Collectors.counting()));
                LOG.log(System.Logger.Level.INFO,
                        "{0} events accepted in {1} ms; {2} delivered before the kill,"
                                + " {3} webhook-ids seen before the restart; the restarted server delivered the rest"
                                + " within {4} ms of its start; {5} requests in all, {6} webhook-ids answered 200 more"
                                + " than once (de-duplicated); {7} deliveries recorded with 1 attempt",
                        accepted.size(), acceptMillis, deliveredBeforeKill.size(), seenBeforeRestart.size(),
                        deliverMillis, requests.size(), okById.values().stream().filter(c -> c > 1).count(),
                        succeeded.stream().filter(d -> d.get("attempts").asInt() == 1).count());
            }
        }
    }

    /** Publishes {@link #EVENTS} events from a few threads; returns the message id of each with its n. */
    private static Map<String, Integer> publish(ServerProcess server) throws Exception {
        Map<String, Integer> accepted = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            List<Future<Void>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> {
                    int n;
                    while ((n = next.getAndIncrement()) < EVENTS) {
                        HttpResponse<String> r = server.call("POST", "/api/v1/events",
                                "{\"type\": \"kill.test\", \"payload\": {\"n\": " + n + "}}",
                                "application/json");
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                        String id = ServerProcess.JSON.readTree(r.body()).get("id").asText();
                        assertThat(id).startsWith("evt_");
                        accepted.put("msg_" + id.substring("evt_".length()), n);
                    }
                    return null;
                }));
            }
            for (Future<Void> w : writers) {
                w.get(2, TimeUnit.MINUTES);
            }
        }
        return accepted;
    }

    /** Waits until every message was answered 200; if not in time, says which were not, and how they stand. */
    private static void awaitAllDelivered(ServerProcess second, ServerProcess first, Set<String> messages,
            Queue<Seen> seen) throws Exception {
        try {
            second.awaitTrue(DELIVERED_WITHIN, () -> answeredOk(seen).containsAll(messages));
        } catch (AssertionError e) {
            Set<String> missing = new TreeSet<>(messages);
            missing.removeAll(answeredOk(seen));
            StringBuilder states = new StringBuilder();
            for (String id : missing.stream().limit(10).toList()) {
                HttpResponse<String> r = second.call("GET", "/api/v1/webhooks/messages/" + id, null, null);
                states.append('\n').append(id).append(": ").append(r.statusCode()).append(' ')
                        .append(r.body());
            }
            throw new AssertionError(missing.size() + " of " + messages.size()
                    + " events not delivered, e.g. "
                    + missing.stream().limit(30).toList() + states + "\n--- the killed server's log:\n"
                    + first.log(), e);
        }
    }

    /** The webhook-ids the receiver answered 200, each once. */
    private static Set<String> answeredOk(Queue<Seen> seen) {
        Set<String> ids = new HashSet<>();
        for (Seen s : seen) {
            if (s.status() == 200) {
                ids.add(s.id());
            }
        }
        return ids;
    }

    private static HttpHeaders headers(Received r) {
        Map<String, List<String>> all = new HashMap<>();
        r.headers().forEach((k, v) -> all.put(k, List.of(v)));
        return HttpHeaders.of(all, (k, v) -> true);
    }

    /** The endpoint's deliveries with these statuses (comma separated), every page of them. */
    private static List<JsonNode> deliveries(ServerProcess server, String endpoint, String statuses)
            throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages <= EVENTS / PAGE + 1; pages++) {
            JsonNode page = page(server, endpoint, statuses, PAGE, cursor);
            page.get("items").forEach(all::add);
            JsonNode next = page.path("next");
            if (next.isNull() || next.isMissingNode()) {
                return all;
            }
            cursor = next.asText();
        }
        throw new AssertionError("more pages of " + statuses + " deliveries than " + EVENTS
                + " deliveries make (a cursor that does not end?): " + all.size() + " items so far");
    }

    /** True while the endpoint has a pending delivery. */
    private static boolean anyPending(ServerProcess server, String endpoint) {
        try {
            return !page(server, endpoint, "pending", 1, null).get("items").isEmpty();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode page(ServerProcess server, String endpoint, String statuses, int limit,
            String cursor)
            throws IOException, InterruptedException {
        return server.get("/api/v1/webhooks/endpoints/" + endpoint + "/deliveries?status="
                + URLEncoder.encode(statuses, StandardCharsets.UTF_8) + "&limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
    }
}
