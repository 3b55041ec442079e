package dev.weft.connector.kit.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The settle a trigger's configuration gives, and the upper bound of its query. */
class SettleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Settle SETTLE = new Settle("acme.changed", Duration.ofMinutes(2));
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00.750Z");

    @Test
    void theBoundIsNowLessTheSettleCutToTheVendorsPrecision() throws Exception {
        assertThat(SETTLE.bound(JSON.readTree("{}"), NOW, ChronoUnit.SECONDS))
                .isEqualTo("2026-12-06T11:58:00Z");
        assertThat(SETTLE.bound(JSON.readTree("{\"settle\": \"1m30s\"}"), NOW, ChronoUnit.MILLIS))
                .isEqualTo("2026-12-06T11:58:30.750Z");
        assertThat(SETTLE.bound(JSON.readTree("{\"settle\": \"0s\"}"), NOW, ChronoUnit.SECONDS))
                .as("no settle: up to the current second, which is not over yet")
                .isEqualTo("2026-12-06T12:00:00Z");
        assertThat(SETTLE.read(JSON.readTree("{\"settle\": null}"))).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aSettleThatIsNoDurationIsRefusedNamingTheFieldAndTheSyntax() {
        for (String bad : new String[]{"{\"settle\": \"soon\"}", "{\"settle\": 10}",
                "{\"settle\": \"-PT1S\"}"}) {
            assertThatThrownBy(() -> SETTLE.read(JSON.readTree(bad))).as(bad)
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("acme.config");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("acme.changed config", "'settle'", "4s", "1m");
                    });
        }
    }

    @Test
    void theDefaultIsWrittenAsAConfigurationWouldWriteIt() throws Exception {
        assertThat(SETTLE.defaultText()).isEqualTo("2m");
        assertThat(new Settle("acme.changed", Duration.ofSeconds(90)).defaultText()).isEqualTo("1m30s");
        assertThat(new Settle("acme.changed", Duration.ZERO).defaultText()).isEqualTo("0s");
        assertThat(JSON.readTree(SETTLE.schema("the vendor's \"modified\" lags")).get("default").asText())
                .isEqualTo("2m");
        assertThatThrownBy(() -> new Settle("acme.changed", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
