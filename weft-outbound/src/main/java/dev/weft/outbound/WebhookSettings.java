package dev.weft.outbound;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How outbound webhooks are delivered: the server's {@code webhooks:} section. Immutable; the compact
 * constructor checks every value and names the option.
 *
 * @param retrySchedule the delay before each attempt of a delivery, the first included (usually 0); its
 *     length is the number of attempts. Each delay after the first gets up to 10 % jitter either way.
 * @param requestTimeout the longest one attempt may take, response included
 * @param disableAfter an endpoint whose attempts have all failed for this long is disabled
 * @param secretOverlap how long deliveries carry a signature with the previous secret after a rotation
 * @param retention how long finished deliveries (succeeded, or failed for good) and their attempts are kept
 * @param retryAfterMax the longest {@code Retry-After} honoured (a 429, 502, 503 or 504)
 * @param endpointConcurrency deliveries in flight to one endpoint at once, unless the endpoint says
 * @param maxInFlight deliveries this node holds at once, over all endpoints
 * @param lease how long a claimed delivery stays this node's without being renewed
 * @param poll how often the store is asked for due deliveries when nothing wakes the dispatcher
 */
public record WebhookSettings(List<Duration> retrySchedule, Duration requestTimeout, Duration disableAfter,
        Duration secretOverlap, Duration retention, Duration retryAfterMax, int endpointConcurrency,
        int maxInFlight, Duration lease, Duration poll) {

    public static final List<Duration> DEFAULT_RETRY_SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5),
            Duration.ofHours(10), Duration.ofHours(10));
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_DISABLE_AFTER = Duration.ofDays(5);
    public static final Duration DEFAULT_SECRET_OVERLAP = Duration.ofHours(24);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final Duration DEFAULT_RETRY_AFTER_MAX = Duration.ofHours(1);
    public static final int DEFAULT_ENDPOINT_CONCURRENCY = 16;
    public static final int DEFAULT_MAX_IN_FLIGHT = 5000;
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_POLL = Duration.ofMillis(500);
    /** The most attempts a schedule may have. */
    public static final int MAX_ATTEMPTS = 50;

    public WebhookSettings {
        Objects.requireNonNull(retrySchedule, "retrySchedule");
        if (retrySchedule.isEmpty() || retrySchedule.size() > MAX_ATTEMPTS) {
            throw new IllegalArgumentException("webhooks.retrySchedule must list 1 to " + MAX_ATTEMPTS
                    + " delays (the first attempt's included), but listed " + retrySchedule.size());
        }
        for (int i = 0; i < retrySchedule.size(); i++) {
            Duration d = retrySchedule.get(i);
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("webhooks.retrySchedule[" + i
                        + "] must be a duration of 0 or more, such as 5s or 30m, but was " + d);
            }
        }
        retrySchedule = List.copyOf(retrySchedule);
        positive("webhooks.requestTimeout", requestTimeout);
        positive("webhooks.disableAfter", disableAfter);
        positive("webhooks.secretOverlap", secretOverlap);
        positive("webhooks.retention", retention);
        positive("webhooks.retryAfterMax", retryAfterMax);
        positive("webhooks.lease", lease);
        positive("webhooks.poll", poll);
        if (endpointConcurrency < 1 || endpointConcurrency > 1000) {
            throw new IllegalArgumentException("webhooks.endpointConcurrency must be from 1 to 1000, but was "
                    + endpointConcurrency);
        }
        if (maxInFlight < 1 || maxInFlight > 100_000) {
            throw new IllegalArgumentException("webhooks.maxInFlight must be from 1 to 100000, but was "
                    + maxInFlight);
        }
        if (lease.compareTo(requestTimeout.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "webhooks.lease must be at least twice webhooks.requestTimeout ("
                            + requestTimeout + "), but was " + lease);
        }
    }

    /** Every option at its default. */
    public static WebhookSettings defaults() {
        return new WebhookSettings(DEFAULT_RETRY_SCHEDULE, DEFAULT_REQUEST_TIMEOUT, DEFAULT_DISABLE_AFTER,
                DEFAULT_SECRET_OVERLAP, DEFAULT_RETENTION, DEFAULT_RETRY_AFTER_MAX,
                DEFAULT_ENDPOINT_CONCURRENCY,
                DEFAULT_MAX_IN_FLIGHT, DEFAULT_LEASE, DEFAULT_POLL);
    }

    /** The same settings with another retry schedule. */
    public WebhookSettings withRetrySchedule(List<Duration> schedule) {
        return new WebhookSettings(schedule, requestTimeout, disableAfter, secretOverlap, retention,
                retryAfterMax, endpointConcurrency, maxInFlight, lease, poll);
    }

    private static void positive(String option, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(
                    option + " must be a positive duration, such as 30s, but was " + d);
        }
    }
}
