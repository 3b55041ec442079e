package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemClient;
import dev.weft.gateway.Endpoints.Endpoint;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One system's call pipeline, in this order: the response cache (read-only operations and calls their
 * client calls {@link SystemClient#cacheable cacheable}; a hit uses no permit), the rate limiter, the
 * bulkhead, then attempts, each on an endpoint chosen by weighted round robin among those whose circuit
 * breaker lets it through (healthy ones before those whose last attempt failed), each capped by the
 * timeout. A call that may be sent again (an idempotent operation, a call its client calls
 * {@link SystemClient#repeatable repeatable}, or any call with {@code retry.nonIdempotent}) fails over to
 * each other endpoint at once; a {@code retry} policy also sends it to an endpoint again after the backoff,
 * up to {@code retry.maxAttempts}. A call that ends unavailable (a retryable error, an open breaker, a
 * refused permit) is answered by the policy's fallback when there is one. Every call is told to the
 * {@link CallObserver}.
 *
 * <p>A failure counts against an endpoint's breaker when it is retryable (a 5xx, a timeout, a refused
 * connection): a 4xx means the system is up, and so does a refusal by its rate limit (a 429: {@link
 * ConnectorException#rateLimited()}), which counts neither way. A system that says how long to wait ({@code
 * Retry-After}) is not tried again sooner; a wait over {@link #MAX_RETRY_AFTER_IN_CALL} ends the call, and
 * the step's retry waits it out. Each attempt counts, as in Resilience4j's own order (retry
 * outside the breaker): so that a failing endpoint's breaker opens and its calls move to the others.
 * See docs/design/gateway-pipeline.md. Built on Resilience4j and Caffeine. Thread-safe.
 */
final class Pipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** The field of a refusal's details that says how many seconds to wait before trying again. */
    static final String RETRY_AFTER_SECONDS = ConnectorException.RETRY_AFTER_SECONDS;
    /**
     * The longest a call waits within one attempt loop for a system that asked to wait ({@code Retry-After}):
     * a longer wait ends the call unavailable, and the engine's step retry, which is durable, waits instead.
     */
    static final Duration MAX_RETRY_AFTER_IN_CALL = Duration.ofSeconds(30);

    /** Calls the same operation on the fallback system (without that system's own fallback). */
    @FunctionalInterface
    interface FallbackSystem {
        JsonNode call(OperationSpec operation, Call call) throws ConnectorException;
    }

    private final String system;
    private final Policy policy;
    private final Endpoints endpoints;
    private final RateLimiter rateLimiter;
    private final Bulkhead bulkhead;
    private final Cache<String, JsonNode> cache;
    private final CallObserver observer;
    private final FallbackSystem fallbackSystem;
    /** The gateway's own reference (1) plus calls in flight; the clients close when it reaches 0. */
    private final AtomicInteger users = new AtomicInteger(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param clients one per {@code policy.endpoints} entry, in order, or one when it has none; null for a
     *     pipeline that is only looked at ({@link #view}) and never called
     * @param fallbackSystem how to reach {@code policy.fallback.system}; null when the policy names none
     */
    Pipeline(String system, Policy policy, Clock clock, List<SystemClient> clients, CallObserver observer,
            FallbackSystem fallbackSystem) {
        this(system, null, policy, clock, clients, observer, fallbackSystem);
    }

    /**
     * The pipeline of the calls without a system that go to one origin: the default policy, one endpoint
     * named by the origin (its breaker, its events' endpoint).
     */
    static Pipeline forOrigin(String connectorCalls, String origin, Clock clock, SystemClient client,
            CallObserver observer) {
        return new Pipeline(connectorCalls, origin, Policy.DEFAULT, clock, List.of(client), observer, null);
    }

    private Pipeline(String system, String soleEndpoint, Policy policy, Clock clock,
            List<SystemClient> clients,
            CallObserver observer, FallbackSystem fallbackSystem) {
        this.system = system;
        this.policy = policy;
        this.observer = observer;
        this.fallbackSystem = fallbackSystem;
        List<Endpoint> list = new ArrayList<>();
        if (policy.endpoints().isEmpty()) {
            AtomicLong openedAt = new AtomicLong();
            list.add(new Endpoint(soleEndpoint, 1, clients == null ? null : clients.get(0),
                    breaker(soleEndpoint, clock, openedAt), openedAt));
        } else {
            for (int i = 0; i < policy.endpoints().size(); i++) {
                Policy.Endpoint e = policy.endpoints().get(i);
                AtomicLong openedAt = new AtomicLong();
                list.add(new Endpoint(e.baseUrl(), e.weight(), clients == null ? null : clients.get(i),
                        breaker(e.baseUrl(), clock, openedAt), openedAt));
            }
        }
        this.endpoints = new Endpoints(list, clock, policy.circuitBreaker().openDuration());
        this.rateLimiter = policy.rateLimit() == null
                ? null
                : RateLimiter.of(system, RateLimiterConfig.custom()
                        .limitForPeriod(policy.rateLimit().permits())
                        .limitRefreshPeriod(policy.rateLimit().period())
                        .timeoutDuration(policy.rateLimit().maxWait())
                        .build());
        this.bulkhead = policy.bulkhead() == null
                ? null
                : Bulkhead.of(system, BulkheadConfig.custom()
                        .maxConcurrentCalls(policy.bulkhead().maxConcurrent())
                        .maxWaitDuration(policy.bulkhead().maxWait())
                        .build());
        this.cache = policy.cache() == null
                ? null
                : Caffeine.newBuilder()
                        .expireAfterWrite(policy.cache().ttl())
                        .maximumSize(policy.cache().maxEntries())
                        .build();
    }

    /** A pipeline of a system no call has reached yet, for its state. */
    static Pipeline unopened(String system, Policy policy, Clock clock) {
        return new Pipeline(system, policy, clock, null, CallObserver.NONE, null);
    }

    private CircuitBreaker breaker(String endpoint, Clock clock, AtomicLong openedAt) {
        Policy.Breaker b = policy.circuitBreaker();
        CircuitBreaker breaker = CircuitBreaker.of(endpoint == null ? system : system + " " + endpoint,
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(b.failureRate())
                        .slowCallRateThreshold(b.slowCallRate())
                        .slowCallDurationThreshold(b.slowCall())
                        .slidingWindowSize(b.window())
                        .minimumNumberOfCalls(b.minimumCalls())
                        .waitDurationInOpenState(b.openDuration())
                        .permittedNumberOfCallsInHalfOpenState(b.halfOpenCalls())
                        .recordException(e -> e instanceof ConnectorException c && c.retryable())
                        // A refusal by the system's rate limit says it is up: neither a failure nor a success.
                        .ignoreException(e -> e instanceof ConnectorException c && c.rateLimited())
                        .clock(clock)
                        .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            String to = state(event.getStateTransition().getToState());
            // Resilience4j hands an opened breaker the window that opened it, and a closed one a new window.
            float rate = breaker.getMetrics().getFailureRate();
            if (to.equals("open")) {
                openedAt.set(clock.millis());
                LOG.warn("system {}{}: circuit breaker open; calls are refused for {}", system,
                        endpoint == null ? "" : " endpoint " + endpoint, b.openDuration());
            } else {
                LOG.info("system {}{}: circuit breaker {}", system,
                        endpoint == null ? "" : " endpoint " + endpoint,
                        to);
            }
            observer.breakerChanged(new BreakerChange(system, endpoint,
                    state(event.getStateTransition().getFromState()), to, rate < 0 ? null : rate));
        });
        return breaker;
    }

    /** Calls {@code operation} through the whole pipeline, its fallback included. */
    JsonNode call(OperationSpec operation, Call call) throws ConnectorException {
        return call(operation, call, true);
    }

    /**
     * Calls {@code operation} through the pipeline.
     *
     * @param withFallback false when this system is itself the fallback of another
     */
    JsonNode call(OperationSpec operation, Call call, boolean withFallback) throws ConnectorException {
        long start = System.nanoTime();
        String cacheKey = cache != null && cacheable(operation, call)
                ? operation.name() + " " + call.input()
                : null;
        if (cacheKey != null) {
            JsonNode hit = cache.getIfPresent(cacheKey);
            if (hit != null) {
                observe(call, null, CallEvent.Outcome.CACHED, null, 0, start);
                return hit;
            }
        }
        if (rateLimiter != null && !rateLimiter.acquirePermission()) {
            return unavailable(call, operation, withFallback, null, 0, start,
                    ConnectorException.retryable("gateway.rate_limited", "system '" + system + "' allows "
                            + policy.rateLimit().permits() + " calls per " + policy.rateLimit().period()
                            + " (policy.rateLimit); this call found no permit", retryAfter(rateLimitWait()),
                            null));
        }
        if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
            return unavailable(call, operation, withFallback, null, 0, start,
                    ConnectorException.retryable("gateway.bulkhead_full",
                            "system '" + system + "' already has "
                                    + policy.bulkhead().maxConcurrent()
                                    + " calls in flight (policy.bulkhead.maxConcurrent)",
                            retryAfter(Duration.ofSeconds(1)), null));
        }
        try {
            return attempts(operation, call, withFallback, cacheKey, start);
        } finally {
            if (bulkhead != null) {
                bulkhead.onComplete();
            }
        }
    }

    /**
     * Whether a call may be answered from the cache: its operation only reads, or its client says this call
     * does (an HTTP GET). Idempotent is not enough: a repeated {@code redis.set} must reach Redis.
     */
    private boolean cacheable(OperationSpec operation, Call call) {
        return operation.readOnly() || endpoints.get(0).client.cacheable(call);
    }

    private JsonNode attempts(OperationSpec operation, Call call, boolean withFallback, String cacheKey,
            long start) throws ConnectorException {
        Policy.Retry retry = policy.retry();
        boolean mayRepeat = operation.idempotent() || endpoints.get(0).client.repeatable(call)
                || retry != null && retry.nonIdempotent();
        // A call that may be sent again tries each endpoint once before any twice (failover, with or without
        // a retry policy); only a retry policy sends it to the same endpoint again, after the backoff.
        int max = !mayRepeat ? 1 : Math.max(retry == null ? 1 : retry.maxAttempts(), endpoints.size());
        Call capped = policy.timeout() == null ? call : call.cappedAt(policy.timeout());
        List<Endpoint> tried = new ArrayList<>(2);
        Endpoint failed = null;
        ConnectorException lastError = null;
        for (int attempt = 1;; attempt++) {
            Endpoint endpoint = endpoints.choose(tried, retry != null);
            if (endpoint == null) {
                return unavailable(call, operation, withFallback, failed, attempt - 1, start,
                        lastError != null ? lastError : circuitOpen());
            }
            if (tried.contains(endpoint) && lastError != null && lastError.retryAfter().isPresent()
                    && lastError.retryAfter().get().compareTo(MAX_RETRY_AFTER_IN_CALL) > 0) {
                // The system asked for a longer wait than a call should hold a thread: the step retries.
                endpoint.breaker.releasePermission();
                return unavailable(call, operation, withFallback, failed, attempt - 1, start, lastError);
            }
            if (tried.contains(endpoint) && !backoff(retry, attempt, lastError)) {
                endpoint.breaker.releasePermission();
                return unavailable(call, operation, withFallback, failed, attempt - 1, start, lastError);
            }
            Call attemptCall = attempt == 1 ? capped : capped.nextSpan();
            long began = System.nanoTime();
            try {
                JsonNode out = endpoint.client.invoke(attemptCall);
                endpoint.breaker.onSuccess(System.nanoTime() - began, TimeUnit.NANOSECONDS);
                endpoints.succeeded(endpoint);
                if (cacheKey != null) {
                    cache.put(cacheKey, out);
                }
                observer.called(event(call, endpoint, CallEvent.Outcome.OK, null, attempt, start,
                        CallEvent.usageOf(out)));
                return out;
            } catch (ConnectorException e) {
                endpoint.breaker.onError(System.nanoTime() - began, TimeUnit.NANOSECONDS, e);
                if (!e.retryable()) {
                    observe(call, endpoint, CallEvent.Outcome.FAILED, e.code(), attempt, start);
                    throw e;
                }
                endpoints.failed(endpoint);
                if (attempt >= max || call.cancellation().cancelled()) {
                    return unavailable(call, operation, withFallback, endpoint, attempt, start, e);
                }
                tried.add(endpoint);
                failed = endpoint;
                lastError = e;
            } catch (RuntimeException e) {
                endpoint.breaker.onError(System.nanoTime() - began, TimeUnit.NANOSECONDS, e);
                observe(call, endpoint, CallEvent.Outcome.FAILED, "connector.crashed", attempt, start);
                throw e;
            }
        }
    }

    /**
     * Waits before attempt {@code attempt} on an endpoint this call tried: the policy's backoff, or longer
     * when the last error says the system asked to wait ({@code Retry-After}); false when interrupted.
     */
    private static boolean backoff(Policy.Retry retry, int attempt, ConnectorException lastError) {
        Duration wait = retry.backoff().multipliedBy(1L << Math.min(attempt - 2, 6));
        if (lastError != null && lastError.retryAfter().isPresent()
                && lastError.retryAfter().get().compareTo(wait) > 0) {
            wait = lastError.retryAfter().get();
        }
        try {
            Thread.sleep(wait);
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ConnectorException circuitOpen() {
        if (endpoints.size() == 1) {
            CircuitBreaker breaker = endpoints.get(0).breaker;
            String who = endpoints.get(0).name == null
                    ? "system '" + system + "'"
                    : endpoints.get(0).name + " (" + system + ")";
            return ConnectorException.retryable("gateway.circuit_open", who
                    + " is failing: its circuit breaker is " + state(breaker.getState()) + " after "
                    + Math.round(breaker.getMetrics().getFailureRate())
                    + "% of recent calls failed; calls are refused without reaching it until it has been open"
                    + " for " + policy.circuitBreaker().openDuration(),
                    retryAfter(endpoints.openWait(policy.circuitBreaker().openDuration())), null);
        }
        return ConnectorException.retryable("gateway.circuit_open", "system '" + system + "' is failing: the"
                + " circuit breakers of all " + endpoints.size()
                + " of its endpoints are open; calls are refused"
                + " without reaching them until one has been open for "
                + policy.circuitBreaker().openDuration(),
                retryAfter(endpoints.openWait(policy.circuitBreaker().openDuration())), null);
    }

    /**
     * The details of a refusal that says when to try again: {@code retryAfterSeconds}, at least 1. The
     * operations API answers it as the {@code Retry-After} header.
     */
    static ObjectNode retryAfter(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return JsonNodeFactory.instance.objectNode().put(RETRY_AFTER_SECONDS, seconds);
    }

    /** How long until the rate limiter has a permit again; its period when it cannot say. */
    private Duration rateLimitWait() {
        if (rateLimiter instanceof AtomicRateLimiter atomic) {
            long nanos = atomic.getDetailedMetrics().getNanosToWait();
            if (nanos > 0) {
                return Duration.ofNanos(nanos);
            }
        }
        return policy.rateLimit().period();
    }

    /**
     * The call ended unavailable with {@code error}: the fallback answers when the policy has one (and the
     * call was not cancelled), else the error is thrown.
     */
    private JsonNode unavailable(Call call, OperationSpec operation, boolean withFallback, Endpoint endpoint,
            int attempts, long start, ConnectorException error) throws ConnectorException {
        Policy.Fallback fallback = policy.fallback();
        if (!withFallback || fallback == null || call.cancellation().cancelled()) {
            observe(call, endpoint,
                    attempts == 0 ? CallEvent.Outcome.REJECTED : CallEvent.Outcome.UNAVAILABLE,
                    error.code(), attempts, start);
            throw error;
        }
        if (fallback.system() == null) {
            LOG.info("system {} is unavailable ({}); {} answered with policy.fallback.value", system,
                    error.code(),
                    operation.name());
            observe(call, endpoint, CallEvent.Outcome.FALLBACK, error.code(), attempts, start);
            return fallback.value().deepCopy();
        }
        try {
            JsonNode out = fallbackSystem.call(operation, call);
            LOG.info("system {} is unavailable ({}); {} went to fallback system {}", system, error.code(),
                    operation.name(), fallback.system());
            observe(call, endpoint, CallEvent.Outcome.FALLBACK, error.code(), attempts, start);
            return out;
        } catch (ConnectorException e) {
            observe(call, endpoint, CallEvent.Outcome.UNAVAILABLE, error.code(), attempts, start);
            throw e.retryable()
                    ? ConnectorException.retryable("gateway.fallback_failed", fallbackMessage(error, e),
                            e.details(), null)
                    : ConnectorException.permanent("gateway.fallback_failed", fallbackMessage(error, e),
                            e.details(), null);
        }
    }

    private String fallbackMessage(ConnectorException error, ConnectorException fallbackError) {
        return "system '" + system + "' is unavailable (" + error.getMessage()
                + "), and its fallback system '"
                + policy.fallback().system() + "' failed too: " + fallbackError.getMessage();
    }

    private void observe(Call call, Endpoint endpoint, CallEvent.Outcome outcome, String errorCode,
            int attempts,
            long start) {
        observer.called(event(call, endpoint, outcome, errorCode, attempts, start, Map.of()));
    }

    private CallEvent event(Call call, Endpoint endpoint, CallEvent.Outcome outcome, String errorCode,
            int attempts, long start, Map<String, Double> usage) {
        return new CallEvent(system, call.operation(), endpoint == null ? null : endpoint.name, outcome,
                errorCode, attempts, System.nanoTime() - start, call.idempotencyKey(),
                call.trace() == null ? null : call.trace().traceId(), usage);
    }

    /** The state of the system's breaker; with several endpoints, the best of theirs. */
    String state() {
        CircuitBreaker.State best = CircuitBreaker.State.OPEN;
        for (Endpoint e : endpoints.all()) {
            CircuitBreaker.State s = e.breaker.getState();
            if (s == CircuitBreaker.State.CLOSED || s == CircuitBreaker.State.HALF_OPEN
                    && best != CircuitBreaker.State.CLOSED) {
                best = s;
            }
        }
        return state(best);
    }

    private static String state(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The live state for the API: the breaker's state and recent failure rate (per endpoint when there are
     * several), permits left, calls in flight, cached answers.
     */
    JsonNode view() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (endpoints.size() == 1 && endpoints.get(0).name == null) {
            breakerView(o.putObject("circuitBreaker"), endpoints.get(0).breaker);
        } else {
            o.putObject("circuitBreaker").put("state", state());
            ArrayNode list = o.putArray("endpoints");
            for (Endpoint e : endpoints.all()) {
                ObjectNode item = list.addObject().put("baseUrl", e.name).put("weight", e.weight)
                        .put("suspect", endpoints.suspect(e));
                breakerView(item.putObject("circuitBreaker"), e.breaker);
            }
        }
        if (rateLimiter != null) {
            o.putObject("rateLimit").put("availablePermits",
                    rateLimiter.getMetrics().getAvailablePermissions());
        }
        if (bulkhead != null) {
            o.putObject("bulkhead").put("availableCalls",
                    bulkhead.getMetrics().getAvailableConcurrentCalls());
        }
        if (cache != null) {
            o.putObject("cache").put("entries", cache.estimatedSize());
        }
        return o;
    }

    private static void breakerView(ObjectNode b, CircuitBreaker breaker) {
        b.put("state", state(breaker.getState()));
        float rate = breaker.getMetrics().getFailureRate();
        if (rate >= 0) {
            b.put("failureRate", rate);
        } else {
            b.putNull("failureRate"); // fewer calls than minimumCalls so far
        }
        b.put("bufferedCalls", breaker.getMetrics().getNumberOfBufferedCalls());
        b.put("failedCalls", breaker.getMetrics().getNumberOfFailedCalls());
    }

    /** The policy's endpoints; empty when the system has only its own base URL. */
    List<Policy.Endpoint> endpoints() {
        return policy.endpoints();
    }

    /**
     * Takes a reference for one call, so that the clients stay open until it ends; false when the
     * pipeline is closed (its system was replaced: look it up again).
     */
    boolean retain() {
        for (;;) {
            int n = users.get();
            if (n == 0 || closed.get()) {
                return false;
            }
            if (users.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Ends a call's reference; the last one closes the clients. */
    void release() {
        if (users.decrementAndGet() == 0) {
            closeClients();
        }
    }

    /**
     * The gateway is done with this pipeline (its system changed or the gateway stops): the clients close
     * once the calls in flight on them have ended. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release();
        }
    }

    private void closeClients() {
        for (Endpoint e : endpoints.all()) {
            if (e.client != null) {
                try {
                    e.client.close();
                } catch (RuntimeException failure) {
                    LOG.warn("a client of system {} did not close cleanly", system, failure);
                }
            }
        }
    }
}
