package dev.weft.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the API shows an endpoint as of a moment: the previous secret's overlap only while it lasts. */
class WebhookViewsTest {
    private static final Instant ROTATED = Instant.parse("2026-12-06T18:00:00Z");
    private static final Instant OVERLAP_ENDS = ROTATED.plusSeconds(24 * 3600);

    private static WebhookEndpoint rotated() {
        return new WebhookEndpoint("default", "ep_1", "https://hooks.example.com/weft", null,
                List.of("execution.*"), null, Map.of("Authorization", "Bearer t0ken", "X-Team", "billing"),
                null,
                null, true, null, 2, OVERLAP_ENDS, null, ROTATED.minusSeconds(3600), ROTATED, 3);
    }

    @Test
    void thePreviousSecretsExpiryIsShownWhileItStillSignsAndNullOnceItHasPassed() {
        assertThat(WebhookViews.endpoint(rotated(), ROTATED).get("previousSecretExpiresAt").asText())
                .isEqualTo("2026-12-07T18:00:00Z");
        assertThat(
                WebhookViews.endpoint(rotated(), OVERLAP_ENDS.minusMillis(1)).get("previousSecretExpiresAt")
                        .asText())
                .isEqualTo("2026-12-07T18:00:00Z");
        for (Instant later : List.of(OVERLAP_ENDS, OVERLAP_ENDS.plusSeconds(1),
                OVERLAP_ENDS.plusSeconds(86400))) {
            ObjectNode shown = WebhookViews.endpoint(rotated(), later);
            assertThat(shown.has("previousSecretExpiresAt")).isTrue();
            assertThat(shown.get("previousSecretExpiresAt").isNull()).as("at " + later).isTrue();
            assertThat(shown.get("secretVersion").asInt()).isEqualTo(2);
        }
    }

    @Test
    void anEndpointsSecretHeadersAreShownRedacted() {
        ObjectNode shown = WebhookViews.endpoint(rotated(), ROTATED);
        assertThat(shown.at("/headers/Authorization").asText()).isEqualTo("[redacted]");
        assertThat(shown.at("/headers/X-Team").asText()).isEqualTo("billing");
        assertThat(shown.toString()).doesNotContain("t0ken");
    }
}
