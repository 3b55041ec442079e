package dev.weft.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.outbound.WebhookSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code webhooks:} section's outbound options and {@code WEFT_WEBHOOKS_RETRY_SCHEDULE}: read into
 * {@link WebhookSettings}, the environment over the file, every mistake named with its fix.
 */
class WebhookConfigTest {
    private static ServerSettings parse(String yaml, Map<String, String> env) throws ConfigException {
        return ServerSettings.parse("weft.yaml", yaml, env);
    }

    @Test
    void withoutTheSectionEveryOptionHasItsDefault() throws Exception {
        assertThat(parse("server: {port: 1}", Map.of()).webhooks()).isEqualTo(WebhookSettings.defaults());
        assertThat(ServerSettings.defaults().webhooks()).isEqualTo(WebhookSettings.defaults());
    }

    @Test
    void everyOptionIsRead() throws Exception {
        WebhookSettings s = parse("""
                webhooks:
                  syncTimeout: 10s
                  retrySchedule: [0s, 500ms, 1m30s]
                  requestTimeout: 5s
                  disableAfter: 2d
                  secretOverlap: 1h
                  retention: 7d
                  retryAfterMax: 10m
                  endpointConcurrency: 4
                  maxInFlight: 200
                  lease: 20s
                  poll: 100ms
                """, Map.of()).webhooks();
        assertThat(s).isEqualTo(new WebhookSettings(
                List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(90)), Duration.ofSeconds(5),
                Duration.ofDays(2), Duration.ofHours(1), Duration.ofDays(7), Duration.ofMinutes(10), 4, 200,
                Duration.ofSeconds(20), Duration.ofMillis(100)));
    }

    @Test
    void theScheduleMayBeOneCommaSeparatedText() throws Exception {
        assertThat(parse("webhooks: {retrySchedule: '0s, 5s,PT1M'}", Map.of()).webhooks().retrySchedule())
                .containsExactly(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(1));
    }

    @Test
    void theEnvironmentsScheduleWinsOverTheFiles() throws Exception {
        Map<String, String> env = Map.of("WEFT_WEBHOOKS_RETRY_SCHEDULE", "0s,100ms,1s");
        List<Duration> expected = List.of(Duration.ZERO, Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(parse("webhooks: {retrySchedule: [1h, 2h], requestTimeout: 3s}", env).webhooks())
                .satisfies(s -> {
                    assertThat(s.retrySchedule()).isEqualTo(expected);
                    assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
                });
        // Settings made without a file follow it too, when the server applies the environment at start.
        assertThat(ServerSettings.defaults().withEnvironment(env).webhooks().retrySchedule())
                .isEqualTo(expected);
        assertThat(ServerSettings.defaults().withEnvironment(Map.of()).webhooks())
                .isEqualTo(WebhookSettings.defaults());
    }

    @Test
    void aBadOptionIsNamedWithItsFix() {
        assertThatThrownBy(() -> parse("webhooks: {retrySchedule: [0s, soon]}", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("webhooks.retrySchedule[1]: must be a duration such as 500ms")
                .hasMessageContaining("'soon'");
        assertThatThrownBy(() -> parse("webhooks: {retrySchedule: []}", Map.of()))
                .hasMessageContaining("webhooks.retrySchedule must list 1 to 50 delays");
        assertThatThrownBy(() -> parse("webhooks: {retrySchedule: {first: 0s}}", Map.of()))
                .hasMessageContaining("webhooks.retrySchedule: must be a list of durations");
        assertThatThrownBy(() -> parse("webhooks: {requestTimeout: 0s}", Map.of()))
                .hasMessageContaining("webhooks.requestTimeout: must be a duration");
        assertThatThrownBy(() -> parse("webhooks: {endpointConcurrency: 0}", Map.of()))
                .hasMessageContaining("webhooks.endpointConcurrency: must be a whole number from 1 to 1000");
        assertThatThrownBy(() -> parse("webhooks: {maxInFlight: lots}", Map.of()))
                .hasMessageContaining("webhooks.maxInFlight: must be a whole number from 1 to 100000");
        assertThatThrownBy(() -> parse("webhooks: {requestTimeout: 1m, lease: 90s}", Map.of()))
                .hasMessageContaining("webhooks.lease must be at least twice webhooks.requestTimeout");
        assertThatThrownBy(() -> parse("webhooks: {retrySchedul: [0s]}", Map.of()))
                .hasMessageContaining("webhooks.retrySchedul: unknown option")
                .hasMessageContaining("retrySchedule");
    }

    @Test
    void aBadEnvironmentScheduleNamesTheVariableAndTheEntry() {
        Map<String, String> env = Map.of("WEFT_WEBHOOKS_RETRY_SCHEDULE", "0s,,5s");
        assertThatThrownBy(() -> parse("server: {port: 1}", env))
                .hasMessageContaining("WEFT_WEBHOOKS_RETRY_SCHEDULE: entry 2 ('') must be a duration")
                .hasMessageContaining("such as 0s,5s,5m,30m");
        assertThatThrownBy(() -> ServerSettings.defaults()
                .withEnvironment(Map.of("WEFT_WEBHOOKS_RETRY_SCHEDULE", "0s, 1 minute")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("entry 2 ('1 minute')");
        String fiftyOne = String.join(",", java.util.Collections.nCopies(51, "1s"));
        assertThatThrownBy(() -> ServerSettings.defaults()
                .withEnvironment(Map.of("WEFT_WEBHOOKS_RETRY_SCHEDULE", fiftyOne)))
                .hasMessageContaining(
                        "WEFT_WEBHOOKS_RETRY_SCHEDULE: webhooks.retrySchedule must list 1 to 50");
    }
}
