package dev.weft.server.config;

import dev.weft.connector.Durations;
import dev.weft.outbound.WebhookSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads how outbound webhooks are delivered from the {@code webhooks:} section (beside the inbound
 * {@code syncTimeout}) and the environment variable {@value #RETRY_SCHEDULE_ENV}, which overrides
 * {@code webhooks.retrySchedule}. Stateless.
 */
final class WebhookConfig {
    /** Comma-separated durations, such as {@code 0s,100ms,1s}: the retry schedule, over the file's. */
    static final String RETRY_SCHEDULE_ENV = "WEFT_WEBHOOKS_RETRY_SCHEDULE";

    /** The options of outbound webhooks in the {@code webhooks} section. */
    static final Set<String> OPTIONS = Set.of("retrySchedule", "requestTimeout", "disableAfter",
            "secretOverlap", "retention", "retryAfterMax", "endpointConcurrency", "maxInFlight", "lease",
            "poll");

    private WebhookConfig() {
    }

    /** The section's settings, the environment's schedule over its own; each problem is added, naming the option. */
    static WebhookSettings read(ConfigNode hooks, Map<String, String> env, List<String> problems) {
        List<Duration> schedule = hooks.durations("retrySchedule", WebhookSettings.DEFAULT_RETRY_SCHEDULE);
        List<Duration> fromEnv = schedule(env, problems);
        try {
            return new WebhookSettings(fromEnv != null ? fromEnv : schedule,
                    hooks.duration("requestTimeout", WebhookSettings.DEFAULT_REQUEST_TIMEOUT),
                    hooks.duration("disableAfter", WebhookSettings.DEFAULT_DISABLE_AFTER),
                    hooks.duration("secretOverlap", WebhookSettings.DEFAULT_SECRET_OVERLAP),
                    hooks.duration("retention", WebhookSettings.DEFAULT_RETENTION),
                    hooks.duration("retryAfterMax", WebhookSettings.DEFAULT_RETRY_AFTER_MAX),
                    hooks.integer("endpointConcurrency", WebhookSettings.DEFAULT_ENDPOINT_CONCURRENCY, 1,
                            1000),
                    hooks.integer("maxInFlight", WebhookSettings.DEFAULT_MAX_IN_FLIGHT, 1, 100_000),
                    hooks.duration("lease", WebhookSettings.DEFAULT_LEASE),
                    hooks.duration("poll", WebhookSettings.DEFAULT_POLL));
        } catch (IllegalArgumentException e) {
            // What no single option shows: an empty or too long schedule, a lease shorter than two timeouts.
            problems.add(e.getMessage() + (fromEnv != null && e.getMessage().contains("retrySchedule")
                    ? " (from " + RETRY_SCHEDULE_ENV + ")"
                    : ""));
            return WebhookSettings.defaults();
        }
    }

    /** {@code settings} with the environment's retry schedule, when it gives one. */
    static WebhookSettings withEnvironment(WebhookSettings settings, Map<String, String> env,
            List<String> problems) {
        List<Duration> fromEnv = schedule(env, problems);
        if (fromEnv == null) {
            return settings;
        }
        try {
            return settings.withRetrySchedule(fromEnv);
        } catch (IllegalArgumentException e) {
            problems.add(RETRY_SCHEDULE_ENV + ": " + e.getMessage());
            return settings;
        }
    }

    /** The schedule {@value #RETRY_SCHEDULE_ENV} gives, or null when it is not set (or blank). */
    private static List<Duration> schedule(Map<String, String> env, List<String> problems) {
        String value = env.get(RETRY_SCHEDULE_ENV);
        if (value == null || value.isBlank()) {
            return null;
        }
        List<Duration> out = new ArrayList<>();
        String[] parts = value.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            var parsed = Durations.parse(parts[i]);
            if (parsed.isEmpty()) {
                problems.add(RETRY_SCHEDULE_ENV + ": entry " + (i + 1) + " ('" + parts[i].strip()
                        + "') must be "
                        + Durations.EXPECTED + "; write the delays before each attempt, comma separated, such"
                        + " as 0s,5s,5m,30m (or unset it to use webhooks.retrySchedule)");
                return null;
            }
            out.add(parsed.get());
        }
        return out;
    }
}
