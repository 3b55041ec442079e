package dev.weft.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.OperationSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the gateway's metrics count of a call: its time by outcome, and the usage its output reports. */
class GatewayMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OperationSpec op() {
        return new OperationSpec("t.op", "an operation", JSON.createObjectNode().put("type", "object"),
                JSON.createObjectNode(), true, List.of());
    }

    private static Call call(String input) throws Exception {
        return new Call("t.op", JSON.readTree(input), "k", Duration.ofSeconds(30), new Cancellation());
    }

    private static double usage(SimpleMeterRegistry registry, String kind) {
        var counter = registry.find("weft_call_usage")
                .tags("system", "sys", "operation", "t.op", "kind", kind)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void theNumbersOfAnOutputsUsageObjectAreCountedByKindAndNothingElseIs() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // The test client answers its input: each call's output is the usage given.
        try (Pipeline p = new Pipeline("sys", Policy.DEFAULT, Clock.systemUTC(),
                List.of(new PipelineTest.Flaky(0)), new GatewayMetrics(registry), null)) {
            p.call(op(),
                    call("{\"usage\": {\"promptTokens\": 12, \"completionTokens\": 30, \"model\": \"m\"}}"));
            p.call(op(), call("{\"usage\": {\"promptTokens\": 8, \"completionTokens\": 2.5}}"));
            p.call(op(), call("{\"usage\": 7, \"value\": {\"usage\": {\"promptTokens\": 1000}}}"));
            p.call(op(), call("{\"result\": 1}"));
        }
        assertThat(usage(registry, "promptTokens")).isEqualTo(20);
        assertThat(usage(registry, "completionTokens")).isEqualTo(32.5);
        assertThat(registry.find("weft_call_usage").tag("kind", "model").counter()).as("not a number")
                .isNull();
        assertThat(registry.find("weft_gateway_calls").tag("outcome", "ok").timer().count()).isEqualTo(4);
        assertThat(CallEvent.usageOf(JSON.readTree("{\"usage\": {}}"))).isEmpty();
    }
}
