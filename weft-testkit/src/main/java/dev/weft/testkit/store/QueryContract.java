package dev.weft.testkit.store;

import static dev.weft.testkit.store.ExecutionBuilder.execution;
import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.TENANT;
import static dev.weft.testkit.store.Fixtures.create;
import static dev.weft.testkit.store.Fixtures.json;
import static dev.weft.testkit.store.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ExecutionQuery;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.store.Transition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Listing executions, the next due time, and what each tenant can see. */
interface QueryContract extends StoreUnderTest {

    private List<String> listed(ExecutionQuery query) {
        return store().executions(query).stream().map(ExecutionRecord::id).toList();
    }

    @Test
    default void executionsAreListedNewestFirst() {
        create(store(), execution("old").createdAt(T0).build(),
                execution("new").createdAt(T0.plusSeconds(2)).build(),
                execution("mid").createdAt(T0.plusSeconds(1)).build());

        assertThat(listed(ExecutionQuery.all(TENANT))).containsExactly("new", "mid", "old");
    }

    @Test
    default void executionsAreFilteredByFlowAndStatusAndLimited() {
        create(store(),
                execution("ship-queued").flow("acme.orders", "ship", 1).createdAt(T0).build(),
                execution("ship-failed").flow("acme.orders", "ship", 2).status(ExecutionStatus.FAILED)
                        .createdAt(T0.plusSeconds(1)).build(),
                execution("ship-done").flow("acme.orders", "ship", 2).status(ExecutionStatus.SUCCEEDED)
                        .createdAt(T0.plusSeconds(2)).build(),
                execution("refund").flow("acme.orders", "refund", 1).createdAt(T0.plusSeconds(3)).build(),
                execution("other-ns").flow("acme.billing", "ship", 1).createdAt(T0.plusSeconds(4)).build());

        assertThat(listed(new ExecutionQuery(TENANT, "acme.orders/ship", Set.of(), 100)))
                .containsExactly("ship-done", "ship-failed", "ship-queued");
        assertThat(listed(new ExecutionQuery(TENANT, "acme.orders/ship",
                Set.of(ExecutionStatus.FAILED, ExecutionStatus.SUCCEEDED), 100)))
                .containsExactly("ship-done", "ship-failed");
        assertThat(listed(new ExecutionQuery(TENANT, null, Set.of(ExecutionStatus.QUEUED), 100)))
                .containsExactly("other-ns", "refund", "ship-queued");
        assertThat(listed(new ExecutionQuery(TENANT, null, null, 2))).containsExactly("other-ns", "refund");
    }

    @Test
    default void nextDueAtIsTheEarliestDueTimeOfWaitingExecutionsOfAnyTenant() {
        assertThat(store().nextDueAt()).isEmpty();
        create(store(),
                execution("later").status(ExecutionStatus.WAITING).dueAt(T0.plusSeconds(5)).build(),
                execution("sooner").tenant("globex").status(ExecutionStatus.WAITING).dueAt(T0.plusSeconds(2))
                        .build(),
                execution("no-timer").status(ExecutionStatus.WAITING).dueAt(null).build(),
                execution("not-waiting").status(ExecutionStatus.RUNNING).dueAt(T0.plusSeconds(1)).build());

        assertThat(store().nextDueAt()).contains(T0.plusSeconds(2));
    }

    @Test
    default void tenantsSeeOnlyTheirOwnRows() {
        ExecutionRecord e = execution("e-1").tenant("acme").status(ExecutionStatus.WAITING).build();
        store().apply(List.of(new Transition(Transition.Kind.CREATE, e, 0,
                List.of(step("e-1", "fetch", StepStatus.SUCCEEDED, 1)),
                List.of(new Transition.Payload("hash-1", "{}".getBytes(StandardCharsets.UTF_8))),
                List.of(), List.of())));
        store().addSignal("acme", "e-1", "approved", json("{}"), T0);
        store().deployFlow("acme", "acme.orders", "ship", "steps: []", T0);

        assertThat(store().execution("globex", "e-1")).isEmpty();
        assertThat(store().executions(ExecutionQuery.all("globex"))).isEmpty();
        assertThat(store().steps("globex", "e-1")).isEmpty();
        assertThat(store().signals("globex", "e-1")).isEmpty();
        assertThat(store().payload("globex", "hash-1")).isEmpty();
        assertThat(store().latestFlowVersion("globex", "acme.orders", "ship")).isEmpty();
        assertThat(store().latestFlowVersions("globex")).isEmpty();
        assertThat(store().addSignal("globex", "e-1", "approved", json("{}"), T0)).isFalse();
        assertThat(
                store().apply(List.of(Transition.update(ExecutionBuilder.from(e).tenant("globex").build(), 0,
                        List.of()))))
                .containsExactly(false);

        assertThat(store().execution("acme", "e-1")).contains(ExecutionBuilder.from(e).dueAt(T0).build());
        assertThat(store().steps("acme", "e-1")).hasSize(1);
        assertThat(store().signals("acme", "e-1")).hasSize(1);
        assertThat(store().payload("acme", "hash-1")).isPresent();
    }
}
