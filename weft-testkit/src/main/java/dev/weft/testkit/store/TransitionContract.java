package dev.weft.testkit.store;

import static dev.weft.testkit.store.ExecutionBuilder.execution;
import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.TENANT;
import static dev.weft.testkit.store.Fixtures.create;
import static dev.weft.testkit.store.Fixtures.json;
import static dev.weft.testkit.store.Fixtures.step;
import static dev.weft.testkit.store.Fixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.SignalRecord;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.store.Transition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Applying transitions: creates, fenced updates, steps, payloads and consumed signals. */
interface TransitionContract extends StoreUnderTest {

    @Test
    default void createdExecutionReadsBackWithEveryField() {
        ExecutionRecord execution = execution("e-1").status(ExecutionStatus.WAITING)
                .input(json("{\"order\":{\"id\":7,\"lines\":[1,2.5,\"x\",true,null]},\"note\":\"naïve ✓\"}"))
                .output(json("[1,{\"a\":\"b\"}]"))
                .error(json("{\"message\":\"boom\",\"code\":503}"))
                .createdAt(T0)
                .updatedAt(T0.plusMillis(1))
                .finishedAt(T0.plusMillis(2))
                .dueAt(T0.plusMillis(3))
                .lease("worker-1", T0.plusMillis(30_001), 7)
                .parent("parent-1", "items[3]/call")
                .build();

        assertThat(store().apply(List.of(Transition.create(execution)))).containsExactly(true);

        assertThat(store().execution(TENANT, "e-1")).contains(execution);
    }

    @Test
    default void createdExecutionKeepsItsAbsentFieldsAbsent() {
        ExecutionRecord execution = execution("e-1").input(null).build();

        create(store(), execution);

        assertThat(store().execution(TENANT, "e-1")).contains(execution);
        assertThat(store().execution(TENANT, "unknown")).isEmpty();
    }

    @Test
    default void duplicateCreateIsRefusedAndLeavesTheFirstRowAlone() {
        ExecutionRecord first = execution("e-1").build();
        create(store(), first);
        ExecutionRecord duplicate = execution("e-1").status(ExecutionStatus.RUNNING).build();
        Transition duplicateWithStep = new Transition(Transition.Kind.CREATE, duplicate, 0,
                List.of(step("e-1", "fetch", StepStatus.RUNNING, 1)), List.of(), List.of(), List.of());

        List<Boolean> applied = store()
                .apply(List.of(duplicateWithStep, Transition.create(execution("e-2").build())));

        assertThat(applied).containsExactly(false, true);
        assertThat(stored(store(), "e-1")).isEqualTo(first);
        assertThat(store().steps(TENANT, "e-1")).isEmpty();
        assertThat(store().execution(TENANT, "e-2")).isPresent();
    }

    @Test
    default void refusesStaleLeaseVersionButAppliesTheRestOfTheBatch() {
        ExecutionRecord stale = execution("stale").status(ExecutionStatus.RUNNING).lease("w1", T0, 3).build();
        ExecutionRecord current = execution("current").status(ExecutionStatus.RUNNING).lease("w1", T0, 5)
                .build();
        create(store(), stale, current);
        store().addSignal(TENANT, "stale", "go", json("{}"), T0);
        long signalSeq = store().signals(TENANT, "stale").getFirst().seq();
        Transition refused = new Transition(Transition.Kind.UPDATE,
                ExecutionBuilder.from(stale).status(ExecutionStatus.SUCCEEDED).build(), 2,
                List.of(step("stale", "fetch", StepStatus.SUCCEEDED, 1)),
                List.of(new Transition.Payload("hash-stale",
                        "{\"big\":true}".getBytes(StandardCharsets.UTF_8))),
                List.of(signalSeq), List.of());
        ExecutionRecord currentDone = ExecutionBuilder.from(current).status(ExecutionStatus.SUCCEEDED)
                .build();

        List<Boolean> applied = store().apply(List.of(refused,
                Transition.update(currentDone, 5, List.of(step("current", "fetch", StepStatus.SUCCEEDED, 1))),
                Transition.create(execution("created").build())));

        assertThat(applied).containsExactly(false, true, true);
        assertThat(stored(store(), "stale")).isEqualTo(stale);
        assertThat(store().steps(TENANT, "stale")).isEmpty();
        assertThat(store().payload(TENANT, "hash-stale")).isEmpty();
        assertThat(store().signals(TENANT, "stale")).extracting(SignalRecord::seq).containsExactly(signalSeq);
        assertThat(stored(store(), "current")).isEqualTo(currentDone);
        assertThat(store().steps(TENANT, "current")).hasSize(1);
        assertThat(store().execution(TENANT, "created")).isPresent();
    }

    @Test
    default void updateReplacesTheRowButKeepsTheStoredLeaseVersion() {
        create(store(),
                execution("e-1").status(ExecutionStatus.RUNNING).lease("w1", T0.plusSeconds(30), 4).build());
        ExecutionRecord finished = execution("e-1").status(ExecutionStatus.SUCCEEDED)
                .output(json("{\"shipped\":true}"))
                .updatedAt(T0.plusSeconds(2))
                .finishedAt(T0.plusSeconds(2))
                .lease(null, null, 99)
                .build();

        assertThat(store().apply(List.of(Transition.update(finished, 4, List.of())))).containsExactly(true);

        assertThat(stored(store(), "e-1"))
                .isEqualTo(ExecutionBuilder.from(finished).lease(null, null, 4).build());
    }

    @Test
    default void updateChangesTheStateButKeepsWhatTheExecutionWasCreatedWith() {
        ExecutionRecord created = execution("e-1").status(ExecutionStatus.RUNNING)
                .input(json("{\"order\":7}"))
                .trigger(json("{\"type\":\"webhook\",\"path\":\"orders\"}"))
                .parent("parent-1", "fan/child")
                .lease("w1", T0.plusSeconds(30), 4)
                .build();
        create(store(), created);
        ExecutionRecord update = execution("e-1").status(ExecutionStatus.WAITING)
                .flow("other", "flow", 9)
                .input(json("{\"order\":8}"))
                .trigger(null)
                .createdAt(T0.plusSeconds(5))
                .updatedAt(T0.plusSeconds(6))
                .dueAt(T0.plusSeconds(60))
                .lease(null, null, 4)
                .build();

        assertThat(store().apply(List.of(Transition.update(update, 4, List.of())))).containsExactly(true);

        assertThat(stored(store(), "e-1")).isEqualTo(ExecutionBuilder.from(created)
                .status(ExecutionStatus.WAITING)
                .updatedAt(T0.plusSeconds(6))
                .dueAt(T0.plusSeconds(60))
                .lease(null, null, 4)
                .build());
    }

    @Test
    default void updateOfAnUnknownExecutionIsRefused() {
        assertThat(store().apply(List.of(Transition.update(execution("ghost").build(), 0, List.of()))))
                .containsExactly(false);
        assertThat(store().execution(TENANT, "ghost")).isEmpty();
    }

    @Test
    default void stepsReadBackWithEveryField() {
        create(store(), execution("e-1").build());
        StepRecord step = new StepRecord("e-1", "items[3]/fetch", "fetch", "http.request", StepStatus.WAITING,
                2, json("{\"url\":\"https://example.com\"}"),
                json("{\"status\":200,\"body\":[1,2]}"), "ref-abc", json("{\"message\":\"timeout\"}"),
                T0.plusMillis(1), T0.plusMillis(2), T0.plusMillis(3), 9);
        StepRecord bare = new StepRecord("e-1", "skipped", "skipped", "log", StepStatus.SKIPPED, 1, null,
                null,
                null,
                null, null, null, null, 10);

        store().apply(List.of(Transition.update(stored(store(), "e-1"), 0, List.of(step, bare))));

        assertThat(store().steps(TENANT, "e-1")).containsExactly(step, bare);
    }

    @Test
    default void upsertingAStepReplacesItByPathAndStepsComeBackInSeqOrder() {
        ExecutionRecord e = execution("e-1").build();
        create(store(), e);
        StepRecord c = step("e-1", "c", StepStatus.SUCCEEDED, 3);
        StepRecord a = step("e-1", "a", StepStatus.RUNNING, 1);
        StepRecord b = step("e-1", "b", StepStatus.SUCCEEDED, 2);
        store().apply(List.of(Transition.update(e, 0, List.of(c, a, b))));
        assertThat(store().steps(TENANT, "e-1")).containsExactly(a, b, c);

        StepRecord aDone = new StepRecord("e-1", "a", "a", "http.request", StepStatus.SUCCEEDED, 2, null,
                json("{\"ok\":true}"), null, null, T0, T0.plusSeconds(1), null, 4);
        store().apply(List.of(Transition.update(e, 0, List.of(aDone))));

        assertThat(store().steps(TENANT, "e-1")).containsExactly(b, c, aDone);
    }

    @Test
    default void payloadsAreStoredByHashAndWrittenOnlyOnce() {
        ExecutionRecord e = execution("e-1").build();
        byte[] json = "{\"rows\":[1,2,3],\"text\":\"ü\"}".getBytes(StandardCharsets.UTF_8);
        Transition withPayload = new Transition(Transition.Kind.CREATE, e, 0, List.of(),
                List.of(new Transition.Payload("hash-1", json)), List.of(), List.of());
        Transition samePayloadAgain = new Transition(Transition.Kind.UPDATE, e, 0, List.of(),
                List.of(new Transition.Payload("hash-1", json)), List.of(), List.of());

        assertThat(store().apply(List.of(withPayload, samePayloadAgain))).containsExactly(true, true);

        assertThat(store().payload(TENANT, "hash-1"))
                .hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(json));
        assertThat(store().payload(TENANT, "hash-2")).isEmpty();
    }

    @Test
    default void consumedSignalsAreDeleted() {
        ExecutionRecord e = execution("e-1").status(ExecutionStatus.RUNNING).build();
        create(store(), e);
        store().addSignal(TENANT, "e-1", "first", json("1"), T0);
        store().addSignal(TENANT, "e-1", "second", json("2"), T0);
        List<SignalRecord> signals = store().signals(TENANT, "e-1");

        store().apply(List.of(new Transition(Transition.Kind.UPDATE, e, 0, List.of(), List.of(),
                List.of(signals.getFirst().seq()), List.of())));

        assertThat(store().signals(TENANT, "e-1")).containsExactly(signals.get(1));
    }

    @Test
    default void transitionsOfOneBatchApplyInOrder() {
        ExecutionRecord created = execution("e-1").build();
        ExecutionRecord running = ExecutionBuilder.from(created).status(ExecutionStatus.RUNNING).build();

        List<Boolean> applied = store().apply(List.of(Transition.create(created),
                Transition.update(running, 0, List.of(step("e-1", "fetch", StepStatus.RUNNING, 1)))));

        assertThat(applied).containsExactly(true, true);
        assertThat(stored(store(), "e-1")).isEqualTo(running);
        assertThat(store().steps(TENANT, "e-1")).hasSize(1);
    }

    @Test
    default void removedStepsAreDeletedBeforeTheTransitionsStepsAreWritten() {
        ExecutionRecord e = execution("e-1").build();
        create(store(), e);
        store().apply(List.of(Transition.update(e, 0, List.of(step("e-1", "a", StepStatus.SUCCEEDED, 1),
                step("e-1", "b", StepStatus.FAILED, 2), step("e-1", "c", StepStatus.SUCCEEDED, 3)))));

        StepRecord bAgain = step("e-1", "b", StepStatus.RUNNING, 4);
        store().apply(List.of(new Transition(Transition.Kind.UPDATE, e, 0, List.of(bAgain), List.of(),
                List.of(), List.of("b", "c"))));

        assertThat(store().steps(TENANT, "e-1")).extracting(StepRecord::path, StepRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", StepStatus.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("b", StepStatus.RUNNING));
    }

    @Test
    default void cancelEndsAnUnfinishedExecutionAndFencesOutItsWorker() {
        ExecutionRecord running = execution("run").status(ExecutionStatus.RUNNING).lease("w1", T0, 4).build();
        ExecutionRecord done = execution("done").status(ExecutionStatus.SUCCEEDED).build();
        create(store(), running, done);

        var cancelled = store().cancel(TENANT, "run", json("{\"code\":\"cancelled\"}"), T0.plusSeconds(5));

        assertThat(cancelled).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELLED);
            assertThat(r.finishedAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(r.leaseOwner()).isNull();
            assertThat(r.leaseVersion()).isEqualTo(5);
            assertThat(r.error()).isEqualTo(json("{\"code\":\"cancelled\"}"));
        });
        List<Boolean> lateCommit = store().apply(List.of(Transition.update(
                ExecutionBuilder.from(running).status(ExecutionStatus.SUCCEEDED).build(), 4, List.of())));
        assertThat(lateCommit).containsExactly(false);
        assertThat(stored(store(), "run").status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(store().cancel(TENANT, "done", null, T0)).isEmpty();
        assertThat(store().cancel(TENANT, "nobody", null, T0)).isEmpty();
    }
}
