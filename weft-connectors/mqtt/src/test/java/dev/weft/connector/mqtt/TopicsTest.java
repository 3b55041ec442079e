package dev.weft.connector.mqtt;

import dev.weft.connector.Inputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import org.junit.jupiter.api.Test;

class TopicsTest {
    private static final Inputs INPUTS = Inputs.ofOperation("mqtt.publish");

    @Test
    void aPlainTopicCanBePublishedTo() throws ConnectorException {
        assertThat(Topics.name("sensors/kitchen/temperature", INPUTS, "topic"))
                .isEqualTo("sensors/kitchen/temperature");
    }

    @Test
    void publishingToAWildcardOrADollarTopicIsRefusedNamingTheField() {
        for (String topic : new String[]{"sensors/+/t", "sensors/#", "$SYS/x", ""}) {
            assertThatThrownBy(() -> Topics.name(topic, INPUTS, "topic"))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("mqtt.input");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("'topic'");
                    });
        }
    }

    @Test
    void filtersTakeWildcardsOnlyAsWholeLevels() throws ConnectorException {
        assertThat(Topics.filter("sensors/+/temperature", INPUTS, "topic")).isNotNull();
        assertThat(Topics.filter("#", INPUTS, "topic")).isNotNull();
        assertThat(Topics.filter("sensors/#", INPUTS, "topic")).isNotNull();
        for (String filter : new String[]{"sensors/a+/t", "sensors/#/t", "sensors#", "$share/g/t"}) {
            assertThatThrownBy(() -> Topics.filter(filter, INPUTS, "topic"))
                    .isInstanceOf(ConnectorException.class);
        }
    }

    @Test
    void theSessionClientIdIsStableForTheSameSystemAndConfigurationAndDiffersOtherwise()
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        SubscribeConfig a = SubscribeConfig.from(json.readTree("{\"topic\": \"a/#\"}"));
        SubscribeConfig b = SubscribeConfig.from(json.readTree("{\"topic\": \"b/#\"}"));
        assertThat(a.sessionClientId("weft", "s1")).isEqualTo(a.sessionClientId("weft", "s1"))
                .startsWith("weft-sub-")
                .isNotEqualTo(a.sessionClientId("weft", "s2"))
                .isNotEqualTo(b.sessionClientId("weft", "s1"));
        SubscribeConfig shared = SubscribeConfig.from(json.readTree(
                "{\"topic\": \"a/#\", \"sharedGroup\": \"g\", \"clientId\": \"node-1\"}"));
        assertThat(shared.filter()).isEqualTo("$share/g/a/#");
        assertThat(shared.sessionClientId("weft", "s1")).isEqualTo("node-1");
    }

    @Test
    void theEventIdDependsOnTopicAndPayloadOnly() {
        byte[] payload = "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Messages.contentHash("t/1", payload)).isEqualTo(Messages.contentHash("t/1", payload))
                .startsWith("sha256:")
                .isNotEqualTo(Messages.contentHash("t/2", payload))
                .isNotEqualTo(Messages.contentHash("t/", "1{\"a\":1}".getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
    }
}
