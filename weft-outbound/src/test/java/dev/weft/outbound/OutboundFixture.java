package dev.weft.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.event.EventFeed;
import dev.weft.engine.store.EventPosition;
import dev.weft.engine.store.EventQuery;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.Storage;
import dev.weft.engine.store.webhook.DeliveryQuery;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.store.jdbc.SqliteStorage;
import dev.weft.testkit.webhooks.WebhookReceiver;
import dev.weft.vault.MasterKeySource;
import dev.weft.vault.Vault;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound webhooks on a real SQLite store, a real vault and the event feed, sending to a local receiver
 * that the egress allowlist lets through.
 */
abstract class OutboundFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TENANT = "default";

    @TempDir
    Path dir;
    Storage storage;
    Vault vault;
    EventFeed feed;
    OutboundWebhooks webhooks;
    WebhookReceiver receiver;
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** The settings the fixture starts with: quick retries. */
    WebhookSettings settings() {
        return WebhookSettings.defaults().withRetrySchedule(List.of(Duration.ZERO, Duration.ofMillis(50),
                Duration.ofMillis(100), Duration.ofMillis(200)));
    }

    /** The store the test runs on: SQLite in the test's directory. */
    Storage openStorage() {
        return SqliteStorage.open(dir);
    }

    @BeforeEach
    void startAll() {
        storage = openStorage();
        vault = Vault.open(MasterKeySource.ofKeyFile(dir.resolve("master.key")), storage.credentials(),
                Clock.systemUTC());
        feed = new EventFeed(storage.executions().events(), Clock.systemUTC(), Duration.ofDays(7));
        receiver = WebhookReceiver.start();
        webhooks = start(settings());
    }

    OutboundWebhooks start(WebhookSettings s) {
        return OutboundWebhooks.start(storage.webhooks(), feed, vault,
                EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1"), "egress.allow")), s, registry,
                Clock.systemUTC());
    }

    @AfterEach
    void stopAll() {
        if (webhooks != null) {
            webhooks.close();
            webhooks = null;
        }
        if (storage != null) {
            feed.close();
            receiver.close();
            storage.close();
            storage = null;
        }
    }

    CreatedEndpoint endpoint(String path, String... events) {
        return webhooks.create(TENANT,
                new EndpointSpec(receiver.url(path), List.of(events), null, null, null, null,
                        null, null, null));
    }

    EventRecord publish(String type, String payload) throws Exception {
        return feed.publish(TENANT, type, null, JSON.readTree(payload));
    }

    List<WebhookDelivery> deliveries(String endpointId) {
        return webhooks
                .deliveries(new DeliveryQuery(TENANT, endpointId, null, Set.of(), Set.of(), null, null, null,
                        100))
                .items();
    }

    List<EventRecord> events(String type) {
        return feed.read(new EventQuery(TENANT, EventPosition.START, Set.of(type), null, null, 100)).events();
    }

    static Map<String, String> headers(WebhookReceiver.Received r) {
        return r.headers();
    }

    /** The value {@code find} finds, as soon as it finds one, within {@code limit}. */
    static <T> T eventually(Duration limit, java.util.concurrent.Callable<java.util.Optional<T>> find)
            throws Exception {
        java.util.concurrent.atomic.AtomicReference<T> found = new java.util.concurrent.atomic.AtomicReference<>();
        dev.weft.testkit.Eventually.until("the expected delivery", limit, () -> {
            find.call().ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
