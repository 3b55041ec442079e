package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemClient;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One system's call pipeline, in this order: the response cache (idempotent operations; a hit uses no
 * permit), the rate limiter, the bulkhead, the circuit breaker, retries (idempotent operations unless
 * the policy allows more), and the timeout, which caps the call's own. Built on Resilience4j and Caffeine;
 * a refusal by any of them is a retryable {@link ConnectorException} that says which and why. A failure
 * counts against the breaker when it is retryable (a 5xx, a timeout, a refused connection): a 4xx means
 * the system is up. Thread-safe.
 */
final class Pipeline {
    private final String system;
    private final Policy policy;
    private final CircuitBreaker breaker;
    private final RateLimiter rateLimiter;
    private final Bulkhead bulkhead;
    private final Cache<String, JsonNode> cache;

    Pipeline(String system, Policy policy, Clock clock) {
        this.system = system;
        this.policy = policy;
        Policy.Breaker b = policy.circuitBreaker();
        this.breaker = CircuitBreaker.of(system, CircuitBreakerConfig.custom()
                .failureRateThreshold(b.failureRate())
                .slowCallRateThreshold(b.slowCallRate())
                .slowCallDurationThreshold(b.slowCall())
                .slidingWindowSize(b.window())
                .minimumNumberOfCalls(b.minimumCalls())
                .waitDurationInOpenState(b.openDuration())
                .permittedNumberOfCallsInHalfOpenState(b.halfOpenCalls())
                .recordException(e -> e instanceof ConnectorException c && c.retryable())
                .clock(clock)
                .build());
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

    JsonNode call(SystemClient client, OperationSpec operation, Call call) throws ConnectorException {
        String cacheKey = cache != null && operation.idempotent()
                ? operation.name() + " " + call.input()
                : null;
        if (cacheKey != null) {
            JsonNode hit = cache.getIfPresent(cacheKey);
            if (hit != null) {
                return hit;
            }
        }
        if (rateLimiter != null && !rateLimiter.acquirePermission()) {
            throw ConnectorException.retryable("gateway.rate_limited", "system '" + system + "' allows "
                    + policy.rateLimit().permits() + " calls per " + policy.rateLimit().period()
                    + " (policy.rateLimit); this call found no permit", null, null);
        }
        if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
            throw ConnectorException.retryable("gateway.bulkhead_full", "system '" + system + "' already has "
                    + policy.bulkhead().maxConcurrent() + " calls in flight (policy.bulkhead.maxConcurrent)",
                    null,
                    null);
        }
        try {
            JsonNode out = guarded(client, operation, call);
            if (cacheKey != null) {
                cache.put(cacheKey, out);
            }
            return out;
        } finally {
            if (bulkhead != null) {
                bulkhead.onComplete();
            }
        }
    }

    private JsonNode guarded(SystemClient client, OperationSpec operation, Call call)
            throws ConnectorException {
        if (!breaker.tryAcquirePermission()) {
            throw ConnectorException.retryable("gateway.circuit_open", "system '" + system
                    + "' is failing: its circuit breaker is " + state() + " after " + Math.round(
                            breaker.getMetrics().getFailureRate())
                    + "% of recent calls failed; calls are refused"
                    + " without reaching it until it has been open for "
                    + policy.circuitBreaker().openDuration(),
                    null, null);
        }
        long start = System.nanoTime();
        try {
            JsonNode out = retrying(client, operation, capped(call));
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return out;
        } catch (ConnectorException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        } catch (RuntimeException e) {
            breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            throw e;
        }
    }

    private JsonNode retrying(SystemClient client, OperationSpec operation, Call call)
            throws ConnectorException {
        Policy.Retry retry = policy.retry();
        int attempts = retry == null || !operation.idempotent() && !retry.nonIdempotent()
                ? 1
                : retry.maxAttempts();
        for (int attempt = 1;; attempt++) {
            try {
                return client.invoke(call);
            } catch (ConnectorException e) {
                if (!e.retryable() || attempt >= attempts || call.cancellation().cancelled()) {
                    throw e;
                }
                try {
                    Thread.sleep(retry.backoff().multipliedBy(1L << Math.min(attempt - 1, 6)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private Call capped(Call call) {
        Duration timeout = policy.timeout();
        if (timeout == null || timeout.compareTo(call.timeout()) >= 0) {
            return call;
        }
        return new Call(call.operation(), call.input(), call.idempotencyKey(), timeout, call.cancellation());
    }

    String state() {
        return breaker.getState().name().toLowerCase(Locale.ROOT);
    }

    /** The live state for the API: the breaker's state and failure rate, permits left, calls in flight. */
    JsonNode view() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ObjectNode b = o.putObject("circuitBreaker");
        b.put("state", state());
        float rate = breaker.getMetrics().getFailureRate();
        if (rate >= 0) {
            b.put("failureRate", rate);
        } else {
            b.putNull("failureRate"); // fewer calls than minimumCalls so far
        }
        b.put("bufferedCalls", breaker.getMetrics().getNumberOfBufferedCalls());
        b.put("failedCalls", breaker.getMetrics().getNumberOfFailedCalls());
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
}
