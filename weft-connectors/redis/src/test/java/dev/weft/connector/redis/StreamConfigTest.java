package dev.weft.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.ConnectorException;
import org.junit.jupiter.api.Test;

class StreamConfigTest {

    @Test
    void defaultsReadNewEntriesTenAtATimeAsThisProcess() throws ConnectorException {
        assertThat(StreamConfig.parse(LocalRedis.json("{\"stream\": \"orders\", \"group\": \"g\"}")))
                .isEqualTo(
                        new StreamConfig("orders", "g", StreamConfig.PROCESS_CONSUMER, "$", 10, 2_000, 60_000,
                                "orders:dead"));
    }

    @Test
    void theProcessConsumerNameStaysTheSame() {
        assertThat(StreamConfig.PROCESS_CONSUMER).startsWith("weft-")
                .endsWith("-" + ProcessHandle.current().pid());
    }

    @Test
    void aDeadLetterStreamThatIsTheStreamItselfIsRefused() {
        assertThatThrownBy(() -> StreamConfig.parse(LocalRedis.json(
                "{\"stream\": \"orders\", \"group\": \"g\", \"deadLetter\": \"orders\"}")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("redis.input");
                    assertThat(e.getMessage()).contains("deadLetter");
                });
    }

    @Test
    void outOfRangeNumbersAreNamedWithTheirValue() {
        assertThatThrownBy(() -> StreamConfig.parse(LocalRedis.json(
                "{\"stream\": \"s\", \"group\": \"g\", \"block\": 99999999999}")))
                .hasMessageContaining("block").hasMessageContaining("2147483647");
        assertThatThrownBy(() -> StreamConfig.parse(LocalRedis.json(
                "{\"stream\": \"s\", \"group\": \"g\", \"batch\": 0}")))
                .hasMessageContaining("batch");
        assertThatThrownBy(() -> StreamConfig.parse(LocalRedis.json(
                "{\"stream\": \"s\", \"group\": \"g\", \"start\": \"1\"}")))
                .hasMessageContaining("start");
    }

    @Test
    void aMissingGroupIsNamed() {
        assertThatThrownBy(() -> StreamConfig.parse(LocalRedis.json("{\"stream\": \"s\"}")))
                .hasMessageContaining("group is required");
    }
}
