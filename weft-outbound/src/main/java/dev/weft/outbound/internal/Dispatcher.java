package dev.weft.outbound.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.HttpTransport;
import dev.weft.engine.event.EventFeed;
import dev.weft.engine.internal.Owners;
import dev.weft.engine.store.EventRecord;
import dev.weft.engine.store.webhook.AttemptOutcome;
import dev.weft.engine.store.webhook.ClaimedDelivery;
import dev.weft.engine.store.webhook.DeliveryStatus;
import dev.weft.engine.store.webhook.WebhookAttempt;
import dev.weft.engine.store.webhook.WebhookDelivery;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.engine.store.webhook.WebhookMessage;
import dev.weft.engine.store.webhook.WebhookStore;
import dev.weft.outbound.WebhookSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries: those the fan-out hands over (already leased to this node) and those its claim loop
 * takes from the store (due retries, replays, a dead node's). Each delivery runs on a virtual thread of its
 * own through its endpoint's {@link Lane}; its outcome is group-committed, fenced by the lease version; the
 * leases of what it holds are renewed. Thread-safe.
 */
final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /** An endpoint with this many lanes' worth of deliveries held is not claimed for until some end. */
    static final int HELD_PER_SLOT = 4;
    static final int MAX_CLAIM = 500;

    private final WebhookStore store;
    private final Endpoints endpoints;
    private final Sender sender;
    private final RetrySchedule schedule;
    private final OutcomeCommitter committer;
    private final WebhookSettings settings;
    private final Clock clock;
    private final String owner;
    private final DeliveryMetrics metrics;
    private final EventFeed feed;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean wakeRequested;
    private volatile Instant localNextDue;
    private volatile boolean closed;
    private Thread claims;

    Dispatcher(WebhookStore store, Endpoints endpoints, Sender sender, RetrySchedule schedule,
            WebhookSettings settings,
            Clock clock, String owner, DeliveryMetrics metrics, EventFeed feed) {
        this.store = store;
        this.endpoints = endpoints;
        this.sender = sender;
        this.schedule = schedule;
        this.settings = settings;
        this.clock = clock;
        this.owner = owner;
        this.metrics = metrics;
        this.feed = feed;
        this.committer = new OutcomeCommitter(store, clock);
    }

    void start() {
        claims = Thread.ofPlatform().name("weft-webhooks-claims").daemon(true).start(this::loop);
    }

    /** Sends deliveries the fan-out wrote, leased to this node. */
    void submit(List<WebhookDelivery> written, Map<String, WebhookMessage> messages) {
        for (WebhookDelivery d : written) {
            start(new ClaimedDelivery(d, messages.get(d.messageId())));
        }
    }

    /** Makes the claim loop look for due deliveries now (a retry or a replay made some). */
    void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How many deliveries this node holds. */
    int held() {
        return held.size();
    }

    /**
     * How many more deliveries of an endpoint this node may take on now: what is left of its lane (a few
     * lanes' worth held at most) and of {@code maxInFlight}. The fan-out leases only that many to itself and
     * leaves the rest to the claim loop, so that a slow endpoint's backlog waits in the store, not in memory.
     */
    int room(String endpointId) {
        int free = settings.maxInFlight() - held.size();
        Lane lane = lanes.get(endpointId);
        int laneCapacity = (lane == null ? settings.endpointConcurrency() : lane.concurrency())
                * HELD_PER_SLOT;
        int laneFree = laneCapacity - (lane == null ? 0 : lane.held.get());
        return Math.max(0, Math.min(free, laneFree));
    }

    /** A delivery this node holds, with the lease version it holds it by (a claim of it again renews it). */
    private record Held(ClaimedDelivery claimed, AtomicLong leaseVersion) {
    }

    private void start(ClaimedDelivery c) {
        if (closed) {
            return;
        }
        Held already = held.get(c.delivery().id());
        if (already != null) {
            // Claimed again while in hand (its lease lapsed): the newer lease is the one its outcome needs.
            already.leaseVersion().accumulateAndGet(c.delivery().leaseVersion(), Math::max);
            return;
        }
        Lane lane;
        try {
            lane = lane(c.delivery());
        } catch (RuntimeException e) {
            // Not taken in hand: its lease expires and the claim loop takes it again.
            LOG.warn("delivery {} could not be started ({}); it is taken again when its lease expires",
                    c.delivery().id(), e.toString());
            return;
        }
        Held h = new Held(c, new AtomicLong(c.delivery().leaseVersion()));
        if (held.putIfAbsent(c.delivery().id(), h) != null) {
            return;
        }
        lane.held.incrementAndGet();
        try {
            Thread.ofVirtual().name("weft-webhook-", 0).start(() -> run(h, lane));
        } catch (RuntimeException | Error e) {
            held.remove(c.delivery().id());
            lane.held.decrementAndGet();
            throw e;
        }
    }

    private Lane lane(WebhookDelivery d) {
        var endpoint = endpoints.get(d.tenantId(), d.endpointId()).map(Endpoints.Compiled::endpoint);
        int concurrency = endpoint.map(WebhookEndpoint::concurrency).orElse(settings.endpointConcurrency());
        Integer rate = endpoint.map(WebhookEndpoint::rateLimit).orElse(null);
        return lanes.compute(d.endpointId(), (id, lane) -> {
            if (lane == null || lane.concurrency() != concurrency && lane.held.get() == 0) {
                return new Lane(concurrency, rate);
            }
            lane.rateLimit(rate);
            return lane;
        });
    }

    private void run(Held h, Lane lane) {
        ClaimedDelivery c = h.claimed();
        try {
            lane.acquire();
            try {
                deliver(c, h.leaseVersion());
            } finally {
                lane.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn(
                        "delivery {} to endpoint {} could not be completed; its lease expires and it is sent again",
                        c.delivery().id(), c.delivery().endpointId(), e);
            }
        } finally {
            held.remove(c.delivery().id());
            lane.held.decrementAndGet();
        }
    }

    private void deliver(ClaimedDelivery c, AtomicLong leaseVersion) {
        WebhookDelivery d = c.delivery();
        var compiled = endpoints.get(d.tenantId(), d.endpointId());
        if (compiled.isEmpty()) {
            compiled = store.endpoint(d.tenantId(), d.endpointId()).map(e -> {
                endpoints.changed(d.tenantId()); // another node made it; read it again
                return endpoints.get(d.tenantId(), d.endpointId()).orElse(null);
            });
        }
        if (compiled.isEmpty()) {
            // Written by a fan-out that read the endpoint just before it was deleted: finish it, so that it is
            // not claimed again and again (retention deletes it).
            notSent(d, leaseVersion, "not sent: the endpoint was deleted");
            return;
        }
        WebhookEndpoint endpoint = compiled.get().endpoint();
        if (!endpoint.enabled()) {
            // Written by a fan-out that read the endpoint just before it was disabled, or retried meanwhile.
            notSent(d, leaseVersion, "not sent: the endpoint is disabled"
                    + (endpoint.disabledReason() == null ? "" : " (" + endpoint.disabledReason() + ")"));
            return;
        }
        Sender.Result result = sender.send(endpoint, c);
        Instant now = clock.instant();
        DeliveryStatus status;
        Instant next = null;
        switch (result.kind()) {
            case SUCCEEDED -> status = DeliveryStatus.SUCCEEDED;
            case GONE -> status = DeliveryStatus.FAILED;
            default -> {
                next = schedule.next(d.round() + 1, now, result.retryAfter());
                status = next == null ? DeliveryStatus.FAILED : DeliveryStatus.PENDING;
            }
        }
        boolean applied = committer
                .record(new AttemptOutcome(result.attempt(), d.leaseVersion(), status, next));
        metrics.attempt(result.kind().wireName(), result.attempt().latencyMillis());
        if (!applied) {
            return; // its lease was taken over: the other node's outcome counts
        }
        if (status != DeliveryStatus.PENDING) {
            metrics.ended(status.wireName());
        } else {
            dueAt(next);
        }
        if (result.kind() == Sender.Kind.GONE) {
            disable(endpoint, "the endpoint answered 410 Gone", now);
        } else if (status != DeliveryStatus.SUCCEEDED && endpoint.failingSince() != null
                && !endpoint.failingSince().plus(settings.disableAfter()).isAfter(now)) {
            disable(endpoint,
                    "every attempt failed since " + endpoint.failingSince() + " (webhooks.disableAfter "
                            + settings.disableAfter() + ")",
                    now);
        }
    }

    private void notSent(WebhookDelivery d, AtomicLong leaseVersion, String why) {
        Instant now = clock.instant();
        boolean applied = committer.record(new AttemptOutcome(
                new WebhookAttempt(d.tenantId(), d.id(), d.attempts() + 1,
                        d.endpointId(), d.messageId(), now, 0, Map.of(), null, null, why, false),
                leaseVersion.get(),
                DeliveryStatus.FAILED, null));
        if (applied) {
            metrics.ended(DeliveryStatus.FAILED.wireName());
        }
    }

    private void disable(WebhookEndpoint endpoint, String reason, Instant now) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("endpointId", endpoint.id());
        payload.put("url", HttpTransport.withoutSecrets(URI.create(endpoint.url())));
        payload.put("reason", reason);
        payload.put("failingSince",
                endpoint.failingSince() == null ? null : endpoint.failingSince().toString());
        boolean disabled = store.disableEndpoint(endpoint.tenantId(), endpoint.id(), reason,
                EventRecord.of(endpoint.tenantId(), EventRecord.ENDPOINT_DISABLED, null, payload, now), now);
        endpoints.changed(endpoint.tenantId());
        if (disabled) {
            LOG.warn("webhook endpoint {} of tenant {} disabled: {}", endpoint.id(), endpoint.tenantId(),
                    reason);
            feed.nudge();
        }
    }

    private void dueAt(Instant due) {
        Instant current = localNextDue;
        if (current == null || due.isBefore(current)) {
            localNextDue = due;
            wake();
        }
    }

    private void loop() {
        Instant lastRenew = clock.instant();
        Instant lastPrune = lastRenew;
        while (!closed) {
            try {
                Instant now = clock.instant();
                if (Duration.between(lastPrune, now).toMinutes() >= 1) {
                    // Lanes of endpoints with nothing in hand go (deleted endpoints' among them); a delivery that
                    // starts meanwhile makes a new one.
                    lanes.keySet().forEach(
                            id -> lanes.computeIfPresent(id, (k, l) -> l.held.get() == 0 ? null : l));
                    lastPrune = now;
                }
                if (Duration.between(lastRenew, now).compareTo(settings.lease().dividedBy(3)) > 0) {
                    if (!held.isEmpty()) {
                        store.renewLeases(owner, List.copyOf(held.keySet()), now.plus(settings.lease()));
                    }
                    lastRenew = now;
                }
                int free = settings.maxInFlight() - held.size();
                if (free > 0) {
                    int max = Math.min(free, MAX_CLAIM);
                    Set<String> full = lanes.entrySet().stream()
                            .filter(e -> e.getValue().held.get() >= e.getValue().concurrency()
                                    * HELD_PER_SLOT)
                            .map(Map.Entry::getKey).collect(Collectors.toSet());
                    List<ClaimedDelivery> claimed = store.claim(owner, now, now.plus(settings.lease()), max,
                            Owners::isDead, full);
                    claimed.forEach(this::start);
                    if (claimed.size() == max) {
                        continue;
                    }
                }
                sleep(now);
            } catch (RuntimeException e) {
                LOG.error("the webhook dispatcher failed to claim deliveries; trying again", e);
                sleep(clock.instant());
            }
        }
    }

    private void sleep(Instant now) {
        long wait = settings.poll().toNanos();
        Instant next = localNextDue;
        if (next != null) {
            long until = Duration.between(now, next).toNanos();
            wait = Math.max(0, Math.min(wait, until));
            if (!next.isAfter(now)) {
                localNextDue = null;
            }
        }
        lock.lock();
        try {
            if (!wakeRequested && wait > 0) {
                wakeUp.await(wait, TimeUnit.NANOSECONDS);
            }
            wakeRequested = false;
        } catch (InterruptedException e) {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops claiming, gives the deliveries in flight up to {@code grace} to finish, and hands back the
     * leases of the rest (they are sent again, by this node's next start or another node).
     */
    void close(Duration grace) {
        closed = true;
        wake();
        if (claims != null) {
            try {
                claims.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!held.isEmpty() && System.nanoTime() < deadline) {
            lock.lock();
            try {
                wakeUp.await(20, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                lock.unlock();
            }
        }
        committer.close();
        if (!held.isEmpty()) {
            try {
                store.release(owner, List.copyOf(held.keySet()));
            } catch (RuntimeException e) {
                LOG.warn("could not hand back {} webhook deliveries; their leases expire", held.size(), e);
            }
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
