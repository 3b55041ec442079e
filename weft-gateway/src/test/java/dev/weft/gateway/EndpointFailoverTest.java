package dev.weft.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.OperationSpec;
import dev.weft.testkit.engine.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With endpoints {@code [dead, live]} and no retry policy: a call that may be sent again fails over within
 * the call, and the calls after a failure prefer the healthy endpoint instead of trying the dead one first
 * until its breaker opens. Run on clients of our own SPI that fail on demand.
 */
class EndpointFailoverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEAD_LIVE = "{\"endpoints\": [{\"baseUrl\": \"http://dead.example\"},"
            + " {\"baseUrl\": \"http://live.example\"}]}";

    private static OperationSpec op(boolean idempotent) {
        return new OperationSpec("t.op", "an operation", JSON.createObjectNode().put("type", "object"),
                JSON.createObjectNode(), idempotent, List.of());
    }

    private static Call call() {
        return new Call("t.op", JSON.createObjectNode(), "k", Duration.ofSeconds(30), new Cancellation());
    }

    private static Pipeline pipeline(MutableClock clock, PipelineTest.Switchable dead,
            PipelineTest.Switchable live) throws Exception {
        return new Pipeline("sys", Policy.parse(JSON.readTree(DEAD_LIVE)), clock, List.of(dead, live),
                CallObserver.NONE, null);
    }

    @Test
    void anIdempotentCallFailsOverToTheLiveEndpointWithinTheCallWithoutARetryPolicy() throws Exception {
        PipelineTest.Switchable dead = new PipelineTest.Switchable("dead");
        PipelineTest.Switchable live = new PipelineTest.Switchable("live");
        dead.down = true;
        Pipeline p = pipeline(new MutableClock(), dead, live);
        for (int i = 0; i < 10; i++) {
            assertThat(p.call(op(true), call()).asText()).isEqualTo("live");
        }
        assertThat(dead.calls.get()).as("the dead endpoint is tried once, then left out").isEqualTo(1);
        assertThat(live.calls.get()).isEqualTo(10);
        assertThat(p.view().at("/endpoints/0/suspect").asBoolean()).isTrue();
    }

    @Test
    void afterAFailedCallTheNextCallsGoToTheHealthyEndpointFirst() throws Exception {
        PipelineTest.Switchable dead = new PipelineTest.Switchable("dead");
        PipelineTest.Switchable live = new PipelineTest.Switchable("live");
        dead.down = true;
        Pipeline p = pipeline(new MutableClock(), dead, live);
        // A call that is not idempotent is sent once: it fails with the dead endpoint's error.
        assertThatThrownBy(() -> p.call(op(false), call()))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("dead is down"));
        for (int i = 0; i < 10; i++) {
            assertThat(p.call(op(false), call()).asText()).isEqualTo("live");
        }
        assertThat(dead.calls.get()).isEqualTo(1);
    }

    @Test
    void aSuspectEndpointIsBackInTheRotationOnceItsWaitIsOver() throws Exception {
        PipelineTest.Switchable dead = new PipelineTest.Switchable("dead");
        PipelineTest.Switchable live = new PipelineTest.Switchable("live");
        dead.down = true;
        MutableClock clock = new MutableClock();
        Pipeline p = pipeline(clock, dead, live);
        p.call(op(true), call());
        assertThat(dead.calls.get()).isEqualTo(1);

        dead.down = false;
        clock.advance(Duration.ofSeconds(31)); // the default openDuration is 30 s
        for (int i = 0; i < 4; i++) {
            p.call(op(true), call());
        }
        assertThat(dead.calls.get()).as("spread by weight again").isEqualTo(3);
        assertThat(p.view().at("/endpoints/0/suspect").asBoolean()).isFalse();
    }
}
