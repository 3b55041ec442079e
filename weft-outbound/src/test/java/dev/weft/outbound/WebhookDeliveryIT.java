package dev.weft.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.WebhookAttempt;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.testkit.Eventually;
import dev.weft.testkit.webhooks.WebhookReceiver;
import dev.weft.testkit.webhooks.WebhookReceiver.Answer;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WebhookDeliveryIT extends OutboundFixture {

    static void verifies(String secret, WebhookReceiver.Received r) {
        HttpHeaders headers = HttpHeaders.of(r.headers().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))), (a, b) -> true);
        assertThatCode(() -> new Webhook(secret).verify(r.body(), headers)).doesNotThrowAnyException();
    }

    @Test
    void aReceiverFailingTwiceGetsThreeAttemptsWithOneIdThatTheOfficialLibraryVerifies() throws Exception {
        receiver.then(Answer.of(500).body("down"), Answer.of(500));
        CreatedEndpoint ep = endpoint("/hooks", "invoice.*");
        assertThat(ep.secret()).startsWith("whsec_");
        EventRecord event = publish("invoice.approved", "{\"invoiceId\": \"INV-1\", \"amount\": 1200}");

        Eventually.until("the expected deliveries", Duration.ofSeconds(10),
                () -> receiver.received("/hooks").size() == 3);
        List<WebhookReceiver.Received> got = receiver.received("/hooks");
        assertThat(got).extracting(r -> r.header("webhook-id")).containsOnly("msg_" + event.position().seq());
        got.forEach(r -> verifies(ep.secret(), r));
        assertThat(json(got.get(2).body()).path("data").path("invoiceId").asText()).isEqualTo("INV-1");
        assertThat(json(got.get(2).body()).path("type").asText()).isEqualTo("invoice.approved");

        WebhookDelivery d = eventually(Duration.ofSeconds(5), () -> deliveries(ep.endpoint().id())
                .stream().filter(x -> x.status() == DeliveryStatus.SUCCEEDED).findFirst());
        List<WebhookAttempt> attempts = webhooks.delivery(TENANT, d.id()).orElseThrow().attempts();
        assertThat(attempts).extracting(WebhookAttempt::responseStatus).containsExactly(500, 500, 200);
        assertThat(attempts).extracting(WebhookAttempt::attempt).containsExactly(1, 2, 3);
        assertThat(attempts.getFirst().responseBody()).isEqualTo("down");
        assertThat(attempts.getFirst().requestHeaders()).containsEntry("webhook-signature", "[redacted]")
                .containsKey("webhook-id");
        assertThat(d.attempts()).isEqualTo(3);
    }

    @Test
    void anEndpointAnswering410IsDisabledAndEndpointDisabledIsEmitted() throws Exception {
        receiver.answer(r -> r.path().equals("/gone") ? Answer.of(410) : Answer.of(200));
        CreatedEndpoint ep = endpoint("/gone", "orders.*");
        CreatedEndpoint watcher = endpoint("/watch", "endpoint.disabled");
        publish("orders.created", "{\"id\": 1}");

        Eventually.until("the endpoint disabled", Duration.ofSeconds(10),
                () -> !webhooks.endpoint(TENANT, ep.endpoint().id()).orElseThrow().enabled());
        assertThat(webhooks.endpoint(TENANT, ep.endpoint().id()).orElseThrow().disabledReason())
                .contains("410");
        assertThat(events("endpoint.disabled")).singleElement()
                .satisfies(e -> assertThat(e.payload().path("endpointId").asText())
                        .isEqualTo(ep.endpoint().id()));
        assertThat(deliveries(ep.endpoint().id())).singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED));
        // the other endpoint subscribed to endpoint.disabled hears of it
        Eventually.until("the expected deliveries", Duration.ofSeconds(10),
                () -> !receiver.received("/watch").isEmpty());
        assertThat(
                json(receiver.received("/watch").getFirst().body()).path("data").path("endpointId").asText())
                .isEqualTo(ep.endpoint().id());
        assertThat(watcher.endpoint().id()).isNotEqualTo(ep.endpoint().id());
    }

    @Test
    void aRedirectIsRecordedAsAFailureAndNeverFollowed() throws Exception {
        receiver.answer(r -> r.path().equals("/moved")
                ? Answer.of(301).with("Location", receiver.url("/elsewhere"))
                : Answer.of(200));
        CreatedEndpoint ep = endpoint("/moved", "orders.*");
        publish("orders.created", "{\"id\": 2}");

        WebhookDelivery d = eventually(Duration.ofSeconds(10), () -> deliveries(ep.endpoint().id())
                .stream().filter(x -> x.status() == DeliveryStatus.FAILED).findFirst());
        List<WebhookAttempt> attempts = webhooks.delivery(TENANT, d.id()).orElseThrow().attempts();
        assertThat(attempts).hasSize(4).allSatisfy(a -> {
            assertThat(a.responseStatus()).isEqualTo(301);
            assertThat(a.succeeded()).isFalse();
            assertThat(a.error()).contains("never followed").contains("/elsewhere");
        });
        assertThat(receiver.received("/elsewhere")).isEmpty();
    }

    @Test
    void duringARotationReceiversKnowingEitherSecretVerifyEveryDelivery() throws Exception {
        CreatedEndpoint ep = endpoint("/rotating", "orders.*");
        RotatedSecret rotated = webhooks.rotateSecret(TENANT, ep.endpoint().id()).orElseThrow();
        assertThat(rotated.secret()).startsWith("whsec_").isNotEqualTo(ep.secret());
        for (int i = 0; i < 5; i++) {
            publish("orders.created", "{\"id\": " + i + "}");
        }
        Eventually.until("the expected deliveries", Duration.ofSeconds(10),
                () -> receiver.received("/rotating").size() == 5);
        for (WebhookReceiver.Received r : receiver.received("/rotating")) {
            verifies(ep.secret(), r);
            verifies(rotated.secret(), r);
            assertThat(r.header("webhook-signature").split(" ")).hasSize(2);
        }
    }

    @Test
    void retryAfterOnA503SetsTheNextAttempt() throws Exception {
        receiver.then(Answer.of(503).with("Retry-After", "1"));
        CreatedEndpoint ep = endpoint("/busy", "orders.*");
        publish("orders.created", "{\"id\": 3}");

        Eventually.until("the expected deliveries", Duration.ofSeconds(10),
                () -> receiver.received("/busy").size() == 2);
        WebhookDelivery d = eventually(Duration.ofSeconds(5), () -> deliveries(ep.endpoint().id())
                .stream().filter(x -> x.status() == DeliveryStatus.SUCCEEDED).findFirst());
        List<WebhookAttempt> attempts = webhooks.delivery(TENANT, d.id()).orElseThrow().attempts();
        // the schedule said 50 ms; the receiver said a second
        assertThat(Duration.between(attempts.get(0).startedAt(), attempts.get(1).startedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void onlyTheSubscribedTypesThatPassTheFilterAreDelivered() throws Exception {
        CreatedEndpoint ep = webhooks.create(TENANT, new EndpointSpec(receiver.url("/big"),
                List.of("invoice.approved"), "amount > 1000", Map.of("X-Env", "test"), null, null, null, null,
                null));
        publish("invoice.approved", "{\"amount\": 10}");
        publish("invoice.rejected", "{\"amount\": 5000}");
        publish("invoice.approved", "{\"amount\": 5000}");
        Eventually.until("the expected deliveries", Duration.ofSeconds(10),
                () -> receiver.received("/big").size() == 1);
        WebhookReceiver.Received r = receiver.received("/big").getFirst();
        assertThat(json(r.body()).path("data").path("amount").asInt()).isEqualTo(5000);
        assertThat(r.header("x-env")).isEqualTo("test");
        assertThat(deliveries(ep.endpoint().id())).hasSize(1);
    }

    @Test
    void aFailedDeliveryIsRetriedAndAnEndpointsFailuresReplayed() throws Exception {
        receiver.answer(r -> Answer.of(500));
        CreatedEndpoint ep = endpoint("/flaky", "orders.*");
        publish("orders.created", "{\"id\": 4}");
        publish("orders.created", "{\"id\": 5}");
        Eventually.until("the expected deliveries", Duration.ofSeconds(10),
                () -> deliveries(ep.endpoint().id()).stream()
                        .filter(d -> d.status() == DeliveryStatus.FAILED).count() == 2);

        receiver.answer(r -> Answer.of(200));
        WebhookDelivery first = deliveries(ep.endpoint().id()).getFirst();
        assertThat(webhooks.retry(TENANT, first.id()).orElseThrow().status())
                .isEqualTo(DeliveryStatus.PENDING);
        Eventually.until("the expected deliveries", Duration.ofSeconds(10),
                () -> webhooks.delivery(TENANT, first.id()).orElseThrow()
                        .delivery().status() == DeliveryStatus.SUCCEEDED);
        assertThat(webhooks.delivery(TENANT, first.id()).orElseThrow().attempts()).hasSize(5);

        assertThat(webhooks.replay(TENANT, ep.endpoint().id(), java.time.Instant.EPOCH,
                java.util.Set.of(DeliveryStatus.FAILED))).contains(1);
        Eventually.until("the expected deliveries", Duration.ofSeconds(10),
                () -> deliveries(ep.endpoint().id()).stream()
                        .allMatch(d -> d.status() == DeliveryStatus.SUCCEEDED));
    }

    @Test
    void aTestSendDeliversTheCatalogsExampleOfAType() throws Exception {
        CreatedEndpoint ep = endpoint("/test", "orders.*");
        WebhookDelivery d = webhooks.test(TENANT, ep.endpoint().id(), "execution.failed", null).orElseThrow();
        Eventually.until("the expected deliveries", Duration.ofSeconds(10),
                () -> receiver.received("/test").size() == 1);
        WebhookReceiver.Received r = receiver.received("/test").getFirst();
        assertThat(json(r.body()).path("type").asText()).isEqualTo("execution.failed");
        assertThat(json(r.body()).path("data").path("status").asText()).isEqualTo("failed");
        assertThat(r.header("webhook-id")).isEqualTo(d.messageId());
        assertThat(json(r.body()).path("test").asBoolean()).isTrue();
        verifies(ep.secret(), r);
        assertThatThrownBy(() -> webhooks.test(TENANT, ep.endpoint().id(), "nobody.declared", null))
                .isInstanceOf(WebhookInputException.class).hasMessageContaining("give the payload");
        // a platform event with a payload of the caller's would be a signed forgery
        assertThatThrownBy(() -> webhooks.test(TENANT, ep.endpoint().id(), "credential.rotated",
                json("{\"credential\": \"erp\", \"type\": \"basic\", \"version\": 9}")))
                .isInstanceOf(WebhookInputException.class).hasMessageContaining("leave payload out");
        assertThatThrownBy(() -> webhooks.test(TENANT, ep.endpoint().id(), "Not A Type", null))
                .hasMessageContaining("must be an event type");
    }

    @Test
    void aSlowEndpointDoesNotDelayTheOthers() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        receiver.answer(r -> {
            if (r.path().equals("/slow")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Answer.of(200);
        });
        webhooks.create(TENANT,
                new EndpointSpec(receiver.url("/slow"), List.of("orders.*"), null, null, null, 2,
                        null, null, null));
        endpoint("/fast", "orders.*");
        for (int i = 0; i < 50; i++) {
            publish("orders.created", "{\"id\": " + i + "}");
        }
        try {
            Eventually.until("the expected deliveries", Duration.ofSeconds(10),
                    () -> receiver.received("/fast").size() == 50);
            assertThat(receiver.received("/slow")).hasSize(2); // its concurrency, all stuck
        } finally {
            release.countDown();
        }
        Eventually.until("the expected deliveries", Duration.ofSeconds(10),
                () -> receiver.received("/slow").size() == 50);
    }

    @Test
    void aDeliveryBeingSentIsNotRetriedUnderIt() throws Exception {
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        receiver.answer(r -> {
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.of(200);
        });
        CreatedEndpoint ep = endpoint("/held", "orders.*");
        publish("orders.created", "{\"id\": 6}");
        try {
            Eventually.until("the first attempt in flight", Duration.ofSeconds(10),
                    () -> receiver.received("/held").size() == 1);
            WebhookDelivery d = deliveries(ep.endpoint().id()).getFirst();
            assertThatThrownBy(() -> webhooks.retry(TENANT, d.id())).isInstanceOfSatisfying(
                    WebhookInputException.class, e -> assertThat(e.code()).isEqualTo("webhook.in_flight"));
        } finally {
            answer.countDown();
        }
        WebhookDelivery done = eventually(Duration.ofSeconds(10),
                () -> deliveries(ep.endpoint().id()).stream()
                        .filter(x -> x.status() == DeliveryStatus.SUCCEEDED).findFirst());
        assertThat(webhooks.delivery(TENANT, done.id()).orElseThrow().attempts()).hasSize(1);
    }

    @Test
    void rotationsRacingEachOtherLeaveASecretTheVaultHoldsAndTheirCallersWereGiven() throws Exception {
        CreatedEndpoint ep = endpoint("/race", "orders.*");
        List<RotatedSecret> won = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    webhooks.rotateSecret(TENANT, ep.endpoint().id()).ifPresent(won::add);
                } catch (WebhookInputException e) {
                    assertThat(e.code()).isEqualTo("webhook.conflict");
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(won).isNotEmpty();
        RotatedSecret last = won.stream()
                .max(java.util.Comparator.comparingInt(r -> r.endpoint().secretVersion())).orElseThrow();
        assertThat(webhooks.endpoint(TENANT, ep.endpoint().id()).orElseThrow().secretVersion())
                .isEqualTo(last.endpoint().secretVersion());
        publish("orders.created", "{\"id\": 7}");
        Eventually.until("the delivery", Duration.ofSeconds(10),
                () -> receiver.received("/race").size() == 1);
        verifies(last.secret(), receiver.received("/race").getFirst());
    }

    @Test
    void anEventTypesSchemaCannotMakeTheServerFetchAUrl() throws Exception {
        var schema = json("{\"$ref\": \"" + receiver.url("/evil.json") + "\"}");
        assertThatThrownBy(() -> webhooks.putEventType(TENANT, "orders.created", null, schema, null))
                .isInstanceOfSatisfying(WebhookInputException.class, e -> {
                    assertThat(e.code()).isEqualTo("event_type.invalid");
                    assertThat(e.field()).isEqualTo("schema");
                });
        assertThat(receiver.received("/evil.json")).isEmpty();
    }

    @Test
    void movingTheUrlToAnotherHostNeedsItsSecretHeadersGivenAgain() throws Exception {
        CreatedEndpoint ep = webhooks.create(TENANT,
                new EndpointSpec(receiver.url("/a"), List.of("orders.*"), null,
                        Map.of("Authorization", "Bearer t0ken"), null, null, null, null, null));
        String otherHost = receiver.url("/b").replace("127.0.0.1", "localhost");
        EndpointSpec move = new EndpointSpec(otherHost, null, null, null, null, null, null, null, null);
        assertThatThrownBy(() -> webhooks.update(TENANT, ep.endpoint().id(), move))
                .isInstanceOfSatisfying(WebhookInputException.class,
                        e -> assertThat(e.field()).isEqualTo("headers"))
                .hasMessageContaining("Authorization").hasMessageNotContaining("t0ken");
        // the same host, another path: the headers stay
        assertThat(webhooks.update(TENANT, ep.endpoint().id(),
                new EndpointSpec(receiver.url("/c"), null, null, null,
                        null, null, null, null, null)))
                .isPresent();
    }
}
