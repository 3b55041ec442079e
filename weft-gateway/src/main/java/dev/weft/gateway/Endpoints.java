package dev.weft.gateway;

import dev.weft.connector.SystemClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A system's endpoints and how an attempt picks one: weighted round robin over those whose breaker lets
 * calls through, healthy ones before suspect ones (see {@link #choose}), and an open one's trial first.
 * See docs/design/gateway-pipeline.md. Thread-safe.
 */
final class Endpoints {

    /** One base URL of the system (or its only one): a client and the breaker guarding it. */
    static final class Endpoint {
        final String name;
        final int weight;
        final SystemClient client;
        final CircuitBreaker breaker;
        /** When (clock millis) its breaker last opened. */
        final AtomicLong openedAt;
        /** Until when (clock millis) the round robin prefers the other endpoints; 0 when healthy. */
        private volatile long suspectUntil;

        Endpoint(String name, int weight, SystemClient client, CircuitBreaker breaker, AtomicLong openedAt) {
            this.name = name;
            this.weight = weight;
            this.client = client;
            this.breaker = breaker;
            this.openedAt = openedAt;
        }

        private boolean admits() {
            CircuitBreaker.State s = breaker.getState();
            return s == CircuitBreaker.State.CLOSED || s == CircuitBreaker.State.HALF_OPEN;
        }
    }

    private final List<Endpoint> list;
    private final Clock clock;
    /** How long an endpoint whose attempt failed stays suspect: the breaker's open duration. */
    private final Duration suspectFor;
    private final AtomicLong turn = new AtomicLong();

    Endpoints(List<Endpoint> list, Clock clock, Duration suspectFor) {
        this.list = List.copyOf(list);
        this.clock = clock;
        this.suspectFor = suspectFor;
    }

    Endpoint get(int i) {
        return list.get(i);
    }

    int size() {
        return list.size();
    }

    List<Endpoint> all() {
        return list;
    }

    /**
     * An attempt on {@code endpoint} failed (retryably): with several endpoints it is suspect for the
     * breaker's {@code openDuration}, so that the calls after a failure do not try it first. Its next success
     * (a trial when every other one is suspect too, or any call once the time is over) makes it healthy.
     */
    void failed(Endpoint endpoint) {
        if (list.size() > 1) {
            endpoint.suspectUntil = clock.millis() + suspectFor.toMillis();
        }
    }

    void succeeded(Endpoint endpoint) {
        endpoint.suspectUntil = 0;
    }

    boolean suspect(Endpoint endpoint) {
        return endpoint.suspectUntil > clock.millis();
    }

    /**
     * The endpoint for the next attempt, holding its breaker's permission, or null when every breaker
     * refuses (or, without {@code again}, every endpoint was tried). An open endpoint whose wait is over,
     * not yet tried by this call, gets a trial call first (that is how it can close again); otherwise
     * weighted round robin over the endpoints whose breaker is not open and that this call has not tried,
     * healthy ones before suspect ones; with {@code again} (a retry policy) over the tried ones last.
     */
    Endpoint choose(List<Endpoint> tried, boolean again) {
        if (list.size() == 1) {
            Endpoint only = list.get(0);
            if (!tried.isEmpty() && !again) {
                return null;
            }
            return only.breaker.tryAcquirePermission() ? only : null;
        }
        for (Endpoint e : list) {
            if (!tried.contains(e) && e.breaker.getState() == CircuitBreaker.State.OPEN
                    && e.breaker.tryAcquirePermission()) {
                return e;
            }
        }
        long now = clock.millis();
        Endpoint chosen = weighted(e -> !tried.contains(e) && e.suspectUntil <= now);
        if (chosen == null) {
            chosen = weighted(e -> !tried.contains(e));
        }
        if (chosen == null && again) {
            chosen = weighted(e -> true);
        }
        return chosen;
    }

    private Endpoint weighted(Predicate<Endpoint> eligible) {
        int total = 0;
        for (Endpoint e : list) {
            if (eligible.test(e) && e.admits()) {
                total += e.weight;
            }
        }
        if (total == 0) {
            return null;
        }
        long n = Math.floorMod(turn.getAndIncrement(), total);
        int size = list.size();
        int first = 0;
        for (int i = 0; i < size; i++) {
            Endpoint e = list.get(i);
            if (eligible.test(e) && e.admits()) {
                n -= e.weight;
                if (n < 0) {
                    first = i;
                    break;
                }
            }
        }
        // The pick, or the next one after it whose breaker grants a permission (half-open trials run out).
        for (int k = 0; k < size; k++) {
            Endpoint e = list.get((first + k) % size);
            if (eligible.test(e) && e.admits() && e.breaker.tryAcquirePermission()) {
                return e;
            }
        }
        return null;
    }

    /** How long until the first open breaker lets a trial call through. */
    Duration openWait(Duration openDuration) {
        long now = clock.millis();
        long open = openDuration.toMillis();
        long soonest = open;
        for (Endpoint e : list) {
            soonest = Math.min(soonest, Math.max(0, e.openedAt.get() + open - now));
        }
        return Duration.ofMillis(soonest);
    }
}
