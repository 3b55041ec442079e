package dev.weft.outbound.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Egress;
import dev.weft.connector.HttpTransport;
import dev.weft.engine.event.EventFeed;
import dev.weft.engine.event.FeedConsumer;
import dev.weft.engine.internal.Ids;
import dev.weft.engine.internal.Owners;
import dev.weft.engine.store.webhook.DeliveryQuery;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.engine.store.webhook.WebhookMessage;
import dev.weft.engine.store.webhook.WebhookStore;
import dev.weft.outbound.CreatedEndpoint;
import dev.weft.outbound.DeliveryDetail;
import dev.weft.outbound.DeliveryPage;
import dev.weft.outbound.EndpointSpec;
import dev.weft.outbound.EventType;
import dev.weft.outbound.MessageDetail;
import dev.weft.outbound.OutboundWebhooks;
import dev.weft.outbound.RotatedSecret;
import dev.weft.outbound.WebhookInputException;
import dev.weft.outbound.WebhookSettings;
import dev.weft.vault.Vault;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OutboundWebhooks} of a server: the management operations on the store and the vault, and the
 * fan-out, dispatcher, retention and backlog meters running behind them. Thread-safe.
 */
public final class WebhookService implements OutboundWebhooks {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);
    static final String FANOUT_CONSUMER = "weft.webhooks.fanout";
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(15);
    private static final Duration RETENTION_EVERY = Duration.ofMinutes(10);
    private static final int RETENTION_BATCH = 1000;

    private final WebhookStore store;
    private final EventFeed feed;
    private final Egress egress;
    private final WebhookSettings settings;
    private final Clock clock;
    private final SigningSecrets secrets;
    private final EventCatalog catalog;
    private final Endpoints endpoints;
    private final Dispatcher dispatcher;
    private final EndpointAdmin admin;
    private final DeliveryMetrics metrics;
    private final AutoCloseable transport;
    private final Semaphore stopHousekeeping = new Semaphore(0);
    /** The lease owner of this node's fan-out and dispatcher: one name, so that one renews what the other took. */
    private final String owner;
    private FeedConsumer fanOut;
    private Thread housekeeping;

    private WebhookService(WebhookStore store, EventFeed feed, Vault vault, Egress egress,
            HttpTransport transport, AutoCloseable transportLifecycle, WebhookSettings settings,
            MeterRegistry registry, Clock clock) {
        this.store = store;
        this.feed = feed;
        this.egress = egress;
        this.settings = settings;
        this.clock = clock;
        this.transport = transportLifecycle;
        this.secrets = new SigningSecrets(vault);
        this.catalog = new EventCatalog(store, clock);
        this.endpoints = new Endpoints(store, System::nanoTime);
        this.owner = Owners.self();
        this.admin = new EndpointAdmin(store, egress, settings, clock, secrets, endpoints);
        this.metrics = new DeliveryMetrics(registry);
        this.dispatcher = new Dispatcher(store, endpoints,
                new Sender(transport, secrets, settings.requestTimeout(), clock),
                new RetrySchedule(settings.retrySchedule(), settings.retryAfterMax(),
                        () -> ThreadLocalRandom.current().nextDouble()),
                settings, clock, owner, metrics, feed);
    }

    /**
     * Starts the fan-out, the dispatcher and their housekeeping on {@code transport} (the platform's HTTP
     * transport, closed with this service).
     */
    public static WebhookService start(WebhookStore store, EventFeed feed, Vault vault, Egress egress,
            HttpTransport transport, AutoCloseable transportLifecycle, WebhookSettings settings,
            MeterRegistry registry, Clock clock) {
        WebhookService service = new WebhookService(store, feed, vault, egress, transport, transportLifecycle,
                settings, registry, clock);
        service.dispatcher.start();
        service.fanOut = feed.subscribe(FANOUT_CONSUMER, settings.poll(),
                new FanOut(store, service.endpoints, service.dispatcher, clock, settings.lease(),
                        service.owner,
                        settings.retrySchedule().getFirst()));
        service.housekeeping = Thread.ofVirtual().name("weft-webhooks-housekeeping")
                .start(service::housekeep);
        return service;
    }

    // ---- endpoints

    @Override
    public CreatedEndpoint create(String tenantId, EndpointSpec spec) {
        return admin.create(tenantId, spec);
    }

    @Override
    public List<WebhookEndpoint> endpoints(String tenantId) {
        return admin.endpoints(tenantId);
    }

    @Override
    public Optional<WebhookEndpoint> endpoint(String tenantId, String id) {
        return admin.endpoint(tenantId, id);
    }

    @Override
    public Optional<WebhookEndpoint> update(String tenantId, String id, EndpointSpec change) {
        return admin.update(tenantId, id, change);
    }

    @Override
    public boolean delete(String tenantId, String id) {
        return admin.delete(tenantId, id);
    }

    @Override
    public Optional<RotatedSecret> rotateSecret(String tenantId, String id) {
        return admin.rotateSecret(tenantId, id);
    }

    // ---- history and control

    @Override
    public DeliveryPage deliveries(DeliveryQuery query) {
        DeliveryQuery one = new DeliveryQuery(query.tenantId(), query.endpointId(), query.messageId(),
                query.statuses(), query.eventTypes(), query.since(), query.until(), query.before(),
                query.limit() + 1); // one more than asked: whether another page follows
        List<WebhookDelivery> found = store.deliveries(one);
        boolean more = found.size() > query.limit();
        List<WebhookDelivery> page = more ? found.subList(0, query.limit()) : found;
        return new DeliveryPage(page, more ? page.getLast().id() : null);
    }

    @Override
    public Optional<DeliveryDetail> delivery(String tenantId, String deliveryId) {
        return store.delivery(tenantId, deliveryId).map(d -> new DeliveryDetail(d,
                store.message(tenantId, d.messageId()).orElse(null), store.attempts(tenantId, d.id())));
    }

    @Override
    public Optional<MessageDetail> message(String tenantId, String messageId) {
        return store.message(tenantId, messageId).map(m -> {
            List<DeliveryDetail> deliveries = new ArrayList<>();
            DeliveryQuery q = new DeliveryQuery(tenantId, null, messageId, Set.of(), Set.of(), null, null,
                    null,
                    DeliveryQuery.MAX_LIMIT);
            // One delivery per endpoint at most (MAX_ENDPOINTS < MAX_LIMIT); every attempt in one read.
            java.util.Map<String, List<dev.weft.engine.store.webhook.WebhookAttempt>> byDelivery = new java.util.HashMap<>();
            store.messageAttempts(tenantId, messageId)
                    .forEach(a -> byDelivery.computeIfAbsent(a.deliveryId(), k -> new ArrayList<>()).add(a));
            for (WebhookDelivery d : store.deliveries(q)) {
                deliveries.add(new DeliveryDetail(d, m, byDelivery.getOrDefault(d.id(), List.of())));
            }
            return new MessageDetail(m, deliveries);
        });
    }

    @Override
    public Optional<WebhookDelivery> retry(String tenantId, String deliveryId) {
        Optional<WebhookDelivery> d = store.delivery(tenantId, deliveryId);
        if (d.isEmpty()) {
            return Optional.empty();
        }
        requireEnabled(tenantId, d.get().endpointId());
        Instant now = clock.instant();
        Optional<WebhookDelivery> retried = store.retry(tenantId, deliveryId, now);
        retried.filter(r -> r.leaseOwner() != null && r.leaseUntil() != null && r.leaseUntil().isAfter(now))
                .ifPresent(r -> {
                    throw new WebhookInputException("webhook.in_flight", "delivery", "delivery " + deliveryId
                            + " is being sent right now; its attempt is recorded when it ends (see its history), retry"
                            + " it after that if it failed");
                });
        dispatcher.wake();
        return retried;
    }

    @Override
    public Optional<Integer> replay(String tenantId, String endpointId, Instant since,
            Set<DeliveryStatus> statuses) {
        if (store.endpoint(tenantId, endpointId).isEmpty()) {
            return Optional.empty();
        }
        requireEnabled(tenantId, endpointId);
        int n = store.replay(tenantId, endpointId, since, statuses, clock.instant());
        dispatcher.wake();
        return Optional.of(n);
    }

    private void requireEnabled(String tenantId, String endpointId) {
        store.endpoint(tenantId, endpointId).filter(e -> !e.enabled()).ifPresent(e -> {
            throw new WebhookInputException("webhook.disabled", "endpoint", "endpoint " + endpointId
                    + " is disabled" + (e.disabledReason() == null ? "" : " (" + e.disabledReason() + ")")
                    + "; enable it first (PATCH it with {\"enabled\": true})");
        });
    }

    @Override
    public Optional<WebhookDelivery> test(String tenantId, String endpointId, String type, JsonNode payload) {
        Optional<WebhookEndpoint> endpoint = store.endpoint(tenantId, endpointId);
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        requireEnabled(tenantId, endpointId);
        if (type == null || type.isBlank()) {
            throw new WebhookInputException("webhook.invalid", "type",
                    "type is required: the event type to send an"
                            + " example of, such as execution.failed (GET /api/v1/event-types lists them)");
        }
        if (!EventFeed.isTypeName(type)) {
            throw new WebhookInputException("webhook.invalid", "type",
                    "type must be an event type (dotted lower-case"
                            + " words such as execution.failed), but was '"
                            + (type.length() > 100 ? type.substring(0, 100) + "..." : type) + "'");
        }
        Optional<EventType> known = catalog.get(tenantId, type);
        JsonNode data = payload;
        if (known.isPresent() && known.get().platform() && data != null && !data.isNull()) {
            // A signed platform event with a payload of the caller's would be a forgery receivers cannot tell.
            throw new WebhookInputException("webhook.invalid", "payload",
                    "a test send of the platform's event type "
                            + type + " carries the catalog's example; leave payload out");
        }
        if (data == null || data.isNull()) {
            data = known.map(EventType::example).filter(x -> x != null && !x.isNull()).orElseThrow(
                    () -> new WebhookInputException("webhook.invalid", "payload", "event type " + type
                            + (known.isEmpty() ? " is not in the catalog" : " has no example")
                            + "; give the payload to send"));
        } else {
            String problem = EventFeed.problem(type, data);
            if (problem != null) {
                throw new WebhookInputException("webhook.invalid", "payload", problem);
            }
            if (known.isPresent()) {
                List<String> problems = catalog.problems(known.get().schema(), data);
                if (!problems.isEmpty()) {
                    throw new WebhookInputException("event.invalid", "payload",
                            "payload does not match the schema"
                                    + " of event type " + type + ": " + String.join("; ", problems));
                }
            }
        }
        Instant now = clock.instant();
        WebhookMessage message = new WebhookMessage(tenantId, "msg_" + Ids.random().replace("-", ""), type,
                null,
                FanOut.testBody(type, now, data), now);
        WebhookDelivery delivery = WebhookDelivery.pending(tenantId, FanOut.newDeliveryId(), endpointId,
                message.id(),
                type, now, null, null);
        List<WebhookDelivery> written = store.enqueue(List.of(message), List.of(delivery));
        dispatcher.wake();
        return written.stream().findFirst();
    }

    // ---- event types

    @Override
    public List<EventType> eventTypes(String tenantId) {
        return catalog.all(tenantId);
    }

    @Override
    public Optional<EventType> eventType(String tenantId, String type) {
        return catalog.get(tenantId, type);
    }

    @Override
    public EventType putEventType(String tenantId, String type, String description, JsonNode schema,
            JsonNode example) {
        return catalog.put(tenantId, type, description, schema, example);
    }

    @Override
    public boolean deleteEventType(String tenantId, String type) {
        return catalog.delete(tenantId, type);
    }

    @Override
    public void checkPayload(String tenantId, String type, JsonNode payload) {
        catalog.checkPayload(tenantId, type, payload);
    }

    // ---- housekeeping

    private void housekeep() {
        Instant lastRetention = Instant.MIN;
        while (true) {
            try {
                Instant now = clock.instant();
                metrics.backlog(store.backlog(), now);
                if (lastRetention == Instant.MIN || !now.isBefore(lastRetention.plus(RETENTION_EVERY))) {
                    sweep(now);
                    lastRetention = now;
                }
            } catch (RuntimeException e) {
                LOG.warn("webhook housekeeping (backlog meters, retention) failed; trying again in {}",
                        HOUSEKEEPING_EVERY, e);
            }
            try {
                if (stopHousekeeping.tryAcquire(HOUSEKEEPING_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Deletes the finished deliveries older than the retention; returns how many. */
    public int sweep(Instant now) {
        Instant cutoff = now.minus(settings.retention());
        int total = 0;
        int n;
        do {
            n = store.deleteFinishedBefore(cutoff, RETENTION_BATCH);
            total += n;
        } while (n == RETENTION_BATCH);
        if (total > 0) {
            LOG.info("deleted {} webhook deliveries finished before {} (webhooks.retention {})", total,
                    cutoff,
                    settings.retention());
        }
        return total;
    }

    @Override
    public void close() {
        if (fanOut != null) {
            fanOut.close();
        }
        stopHousekeeping.release();
        dispatcher.close(Duration.ofSeconds(5));
        if (housekeeping != null) {
            try {
                housekeeping.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            transport.close();
        } catch (Exception e) {
            LOG.warn("the webhooks' HTTP client did not stop cleanly", e);
        }
    }

    /** The deliveries this node holds (in flight or waiting for their endpoint's lane). */
    public int held() {
        return dispatcher.held();
    }
}
