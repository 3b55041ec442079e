package dev.weft.testkit.store;

import static dev.weft.testkit.store.ExecutionBuilder.execution;
import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.TENANT;
import static dev.weft.testkit.store.Fixtures.create;
import static dev.weft.testkit.store.Fixtures.json;
import static dev.weft.testkit.store.Fixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.SignalRecord;
import dev.weft.engine.store.Transition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signals sent to executions. */
interface SignalContract extends StoreUnderTest {

    @Test
    default void signalMakesAWaitingExecutionDueNow() {
        create(store(),
                execution("for-signal").status(ExecutionStatus.WAITING).dueAt(null).build(),
                execution("with-timeout").status(ExecutionStatus.WAITING).dueAt(T0.plusSeconds(3600))
                        .build());
        var now = T0.plusSeconds(5);

        assertThat(store().addSignal(TENANT, "for-signal", "approved", json("{\"by\":\"ann\"}"), now))
                .isTrue();
        assertThat(store().addSignal(TENANT, "with-timeout", "approved", json("{}"), now)).isTrue();

        assertThat(stored(store(), "for-signal").dueAt()).isEqualTo(now);
        assertThat(stored(store(), "with-timeout").dueAt()).isEqualTo(now);
        assertThat(store().signals(TENANT, "for-signal")).singleElement().satisfies(signal -> {
            assertThat(signal.executionId()).isEqualTo("for-signal");
            assertThat(signal.name()).isEqualTo("approved");
            assertThat(signal.payload()).isEqualTo(json("{\"by\":\"ann\"}"));
            assertThat(signal.receivedAt()).isEqualTo(now);
        });
    }

    @Test
    default void signalLeavesTheDueTimeOfARunningExecutionAlone() {
        create(store(), execution("r").status(ExecutionStatus.RUNNING).build());

        assertThat(store().addSignal(TENANT, "r", "approved", json("{}"), T0)).isTrue();

        assertThat(stored(store(), "r").dueAt()).isNull();
        assertThat(store().signals(TENANT, "r")).hasSize(1);
    }

    @Test
    default void signalIsRefusedForUnknownOrTerminalExecutions() {
        create(store(), execution("done").status(ExecutionStatus.SUCCEEDED).finishedAt(T0).build(),
                execution("cancelled").status(ExecutionStatus.CANCELLED).finishedAt(T0).build());

        assertThat(store().addSignal(TENANT, "ghost", "approved", json("{}"), T0)).isFalse();
        assertThat(store().addSignal(TENANT, "done", "approved", json("{}"), T0)).isFalse();
        assertThat(store().addSignal(TENANT, "cancelled", "approved", json("{}"), T0)).isFalse();
        assertThat(store().signals(TENANT, "done")).isEmpty();
        assertThat(store().signals(TENANT, "ghost")).isEmpty();
    }

    @Test
    default void signalsAreListedOldestFirstWithIncreasingSeq() {
        create(store(), execution("e").status(ExecutionStatus.WAITING).build(), execution("other").build());
        store().addSignal(TENANT, "e", "one", json("1"), T0);
        store().addSignal(TENANT, "other", "elsewhere", json("0"), T0);
        store().addSignal(TENANT, "e", "two", json("2"), T0.plusMillis(1));
        store().addSignal(TENANT, "e", "three", json("3"), T0.plusMillis(2));

        List<SignalRecord> signals = store().signals(TENANT, "e");

        assertThat(signals).extracting(SignalRecord::name).containsExactly("one", "two", "three");
        assertThat(signals).extracting(SignalRecord::seq).isSorted().doesNotHaveDuplicates();
    }

    @Test
    default void seqKeepsIncreasingAfterTheLatestSignalIsConsumed() {
        ExecutionRecord e = execution("e").status(ExecutionStatus.RUNNING).build();
        create(store(), e);
        store().addSignal(TENANT, "e", "one", json("1"), T0);
        long consumed = store().signals(TENANT, "e").getFirst().seq();
        store().apply(List
                .of(new Transition(Transition.Kind.UPDATE, e, 0, List.of(), List.of(), List.of(consumed),
                        List.of())));

        store().addSignal(TENANT, "e", "two", json("2"), T0);

        assertThat(store().signals(TENANT, "e")).singleElement()
                .satisfies(signal -> assertThat(signal.seq()).isGreaterThan(consumed));
    }
}
