package dev.weft.connector.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import io.nats.client.api.AckPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading a system's config and a trigger's config: defaults, and refusals that name the field. */
class ConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTriggerConfigGetsTheDocumentedDefaults() throws Exception {
        ConsumeConfig config = ConsumeConfig
                .from(JSON.readTree("{\"stream\": \"ORDERS\", \"durable\": \"w\"}"));

        assertThat(config.ackWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxDeliver()).isEqualTo(5);
        assertThat(config.batch()).isEqualTo(10);
        assertThat(config.filterSubject()).isNull();
        assertThat(config.deadLetterSubject()).isNull();
        assertThat(config.consumer().getAckPolicy()).isEqualTo(AckPolicy.Explicit);
        assertThat(config.consumer().getDurable()).isEqualTo("w");
    }

    @Test
    void aMaxDeliverOfZeroIsRefusedByName() {
        assertThatThrownBy(() -> ConsumeConfig.from(JSON.readTree(
                "{\"stream\": \"ORDERS\", \"durable\": \"w\", \"maxDeliver\": 0}")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("nats.config");
                    assertThat(e.getMessage()).contains("maxDeliver");
                });
    }

    @Test
    void aDurableNameWithADotIsRefused() {
        assertThatThrownBy(
                () -> ConsumeConfig.from(JSON.readTree("{\"stream\": \"ORDERS\", \"durable\": \"a.b\"}")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.getMessage()).contains(
                        "durable"));
    }

    @Test
    void aServerListMustHoldNatsUrls() {
        assertThatThrownBy(() -> ServerConfig.from(JSON.readTree("{\"servers\": [\"http://example.test\"]}")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.getMessage()).contains(
                        "nats://host:4222"));
        assertThatThrownBy(() -> ServerConfig.from(JSON.readTree("{\"servers\": []}")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.getMessage()).contains(
                        "servers"));
    }

    @Test
    void aSystemConfigGetsItsDefaults() throws Exception {
        ServerConfig config = ServerConfig.from(JSON.readTree("{\"servers\": [\"nats://127.0.0.1:4222\","
                + " \"tls://nats.example.test:4222\"]}"));

        assertThat(config.tls()).isFalse();
        assertThat(config.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.where()).isEqualTo("nats://127.0.0.1:4222, tls://nats.example.test:4222");
    }
}
