package dev.weft.testkit.store;

import static dev.weft.testkit.store.ExecutionBuilder.execution;
import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.TENANT;
import static dev.weft.testkit.store.Fixtures.json;
import static dev.weft.testkit.store.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.SignalRecord;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.store.Transition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ExecutionStore} must have, as documented on the SPI: extend it once per
 * implementation and provide the store. Each test gets a store of its own; tests are not run concurrently
 * on one instance, but the stores must be thread-safe anyway.
 */
public abstract class ExecutionStoreContract
        implements
            FlowVersionContract,
            TransitionContract,
            AttemptContract,
            ClaimContract,
            SignalContract,
            QueryContract,
            StatsContract,
            EventContract {

    private ExecutionStore store;

    /** Opens an empty store for one test. */
    protected abstract ExecutionStore openStore();

    /**
     * Opens again the store that the current test opened with {@link #openStore()}, after it was closed:
     * what it committed must all be there.
     */
    protected abstract ExecutionStore reopenStore();

    @Override
    public final ExecutionStore store() {
        return store;
    }

    @BeforeEach
    final void openEmptyStore() {
        store = openStore();
    }

    @AfterEach
    final void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    final void storedBytesCountATenantsDataAsUtf8() {
        assertThat(store.storedBytes(TENANT)).isZero();
        store.deployFlow(TENANT, "acme.orders", "ship", "steps: []", T0);
        long flow = store.storedBytes(TENANT);
        assertThat(flow).as("the source, and the flow.deployed event where the store writes one")
                .isBetween((long) "steps: []".length(), 500L);

        String text = "é".repeat(5_000); // two bytes each in UTF-8
        ExecutionRecord e = execution("e-1").input(json("{\"note\":\"" + text + "\"}")).build();
        store.apply(List.of(new Transition(Transition.Kind.CREATE, e, 0, List.of(), List.of(), List.of(),
                List.of())));
        long withInput = store.storedBytes(TENANT);
        assertThat(withInput - flow).isBetween(10_000L, 10_100L);

        ExecutionRecord bare = execution("e-2").input(null).trigger(null).build(); // only its payload counts
        store.apply(List.of(new Transition(Transition.Kind.CREATE, bare, 0, List.of(), List.of(
                new Transition.Payload("hash-1", text.getBytes(StandardCharsets.UTF_8))), List.of(),
                List.of())));
        assertThat(store.storedBytes(TENANT) - withInput).as("a payload stored out of line")
                .isEqualTo(10_000L);
        assertThat(store.storedBytes("globex")).as("another tenant's").isZero();
    }

    @Test
    final void reopenedStoreKeepsEverythingCommitted() {
        FlowVersion flow = store.deployFlow(TENANT, "acme.orders", "ship", "steps: []", T0);
        ExecutionRecord waiting = execution("e-1").status(ExecutionStatus.WAITING)
                .output(json("{\"partial\":[1,2]}"))
                .lease("w1", T0.plusSeconds(30), 2)
                .build();
        StepRecord stepRecord = step("e-1", "fetch", StepStatus.SUCCEEDED, 1);
        byte[] payload = "{\"large\":true}".getBytes(StandardCharsets.UTF_8);
        store.apply(List.of(new Transition(Transition.Kind.CREATE, waiting, 2, List.of(stepRecord),
                List.of(new Transition.Payload("hash-1", payload)), List.of(), List.of())));
        store.addSignal(TENANT, "e-1", "approved", json("{\"by\":\"ann\"}"), T0.plusSeconds(1));
        List<SignalRecord> signals = store.signals(TENANT, "e-1");
        ExecutionRecord afterSignal = store.execution(TENANT, "e-1").orElseThrow();

        store.close();
        store = null;
        store = reopenStore();

        assertThat(store.latestFlowVersion(TENANT, "acme.orders", "ship")).contains(flow);
        assertThat(store.execution(TENANT, "e-1")).contains(afterSignal);
        assertThat(afterSignal.dueAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.steps(TENANT, "e-1")).containsExactly(stepRecord);
        assertThat(store.payload(TENANT, "hash-1"))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(payload));
        assertThat(store.signals(TENANT, "e-1")).isEqualTo(signals).hasSize(1);
        assertThat(store.nextDueAt()).contains(T0.plusSeconds(1));
    }
}
