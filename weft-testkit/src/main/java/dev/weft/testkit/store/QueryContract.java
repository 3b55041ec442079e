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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Listing executions (filters, order, pages), the next due time, and what each tenant can see. */
interface QueryContract extends StoreUnderTest {
    /** The order the store lists in; the ids of these tests sort alike in every collation. */
    Comparator<ExecutionRecord> NEWEST_FIRST = Comparator.comparing(ExecutionRecord::createdAt)
            .thenComparing(ExecutionRecord::id).reversed();

    private List<String> listed(ExecutionQuery query) {
        return store().executions(query).stream().map(ExecutionRecord::id).toList();
    }

    @Test
    default void unfinishedExecutionsAreCountedByStatus() {
        assertThat(store().countUnfinished(TENANT)).isEmpty();
        create(store(), execution("q1").build(), execution("q2").build(),
                execution("w").status(ExecutionStatus.WAITING).build(),
                execution("done").status(ExecutionStatus.SUCCEEDED).build(),
                execution("other").tenant("globex").build());

        assertThat(store().countUnfinished(TENANT)).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of(ExecutionStatus.QUEUED, 2L, ExecutionStatus.WAITING, 1L));
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

        ExecutionQuery all = ExecutionQuery.all(TENANT);
        assertThat(listed(all.withFlow("acme.orders/ship")))
                .containsExactly("ship-done", "ship-failed", "ship-queued");
        assertThat(listed(all.withFlow("acme.orders/ship")
                .withStatuses(Set.of(ExecutionStatus.FAILED, ExecutionStatus.SUCCEEDED))))
                .containsExactly("ship-done", "ship-failed");
        assertThat(listed(all.withStatuses(Set.of(ExecutionStatus.QUEUED))))
                .containsExactly("other-ns", "refund", "ship-queued");
        assertThat(listed(all.withLimit(2))).containsExactly("other-ns", "refund");
        assertThat(listed(all.withNamespaces(Set.of("acme.billing")))).containsExactly("other-ns");
        assertThat(listed(all.withNamespaces(Set.of("acme.billing", "acme.orders")).withLimit(2)))
                .containsExactly("other-ns", "refund");
        assertThat(listed(all.withNamespaces(Set.of("acme.hr")))).isEmpty();
    }

    @Test
    default void executionsCreatedAtTheSameInstantAreOrderedByIdDescending() {
        create(store(), execution("x2").createdAt(T0).build(), execution("x3").createdAt(T0).build(),
                execution("x1").createdAt(T0).build(), execution("x0").createdAt(T0.minusMillis(1)).build());

        assertThat(listed(ExecutionQuery.all(TENANT))).containsExactly("x3", "x2", "x1", "x0");
    }

    @Test
    default void createdBoundsIncludeTheFromInstantAndExcludeTheToInstant() {
        create(store(), execution("before").createdAt(T0.minusMillis(1)).build(),
                execution("at-from").createdAt(T0).build(),
                execution("next-milli").createdAt(T0.plusMillis(1)).build(),
                execution("at-to").createdAt(T0.plusSeconds(1)).build(),
                execution("after").createdAt(T0.plusSeconds(2)).build());
        ExecutionQuery all = ExecutionQuery.all(TENANT);

        assertThat(listed(all.withCreatedFrom(T0).withCreatedTo(T0.plusSeconds(1))))
                .containsExactly("next-milli", "at-from");
        assertThat(listed(all.withCreatedFrom(T0))).containsExactly("after", "at-to", "next-milli",
                "at-from");
        assertThat(listed(all.withCreatedTo(T0.plusSeconds(1)))).containsExactly("next-milli", "at-from",
                "before");
        assertThat(listed(all.withCreatedFrom(T0.plusSeconds(1)).withCreatedTo(T0.plusSeconds(1)))).isEmpty();
        assertThat(listed(all.withCreatedFrom(T0.plusSeconds(3)).withCreatedTo(T0))).isEmpty();
    }

    @Test
    default void boundsFinerThanTheStoredPrecisionCompareExactly() {
        create(store(), execution("at-t0").createdAt(T0).build(),
                execution("next-milli").createdAt(T0.plusMillis(1)).build());
        Instant halfAfterT0 = T0.plusNanos(500_000);
        ExecutionQuery all = ExecutionQuery.all(TENANT);

        assertThat(listed(all.withCreatedFrom(halfAfterT0))).containsExactly("next-milli");
        assertThat(listed(all.withCreatedTo(halfAfterT0))).containsExactly("at-t0");
        assertThat(listed(all.withAfter(new ExecutionQuery.Cursor(halfAfterT0, ""))))
                .containsExactly("at-t0");
    }

    @Test
    default void pagesWalkEveryExecutionOnceEvenWhenManyShareAnInstant() {
        List<ExecutionRecord> rows = new ArrayList<>();
        // 30 executions on 4 instants: most pages start and end in the middle of a tie.
        Instant[] instants = {T0, T0.plusMillis(1), T0.plusSeconds(1), T0.plusSeconds(2)};
        for (int i = 0; i < 30; i++) {
            rows.add(execution(String.format("e%02d", (i * 7) % 30)).createdAt(instants[i % 4]).build());
        }
        create(store(), rows.toArray(ExecutionRecord[]::new));
        List<String> newestFirst = rows.stream().sorted(NEWEST_FIRST).map(ExecutionRecord::id).toList();

        for (int pageSize : new int[]{1, 3, 7, 29, 30, 31}) {
            assertThat(walk(ExecutionQuery.all(TENANT), pageSize)).as("pages of " + pageSize)
                    .containsExactlyElementsOf(newestFirst);
        }
        assertThat(listed(ExecutionQuery.all(TENANT).withLimit(0))).containsExactlyElementsOf(newestFirst);
    }

    @Test
    default void pagesCombineWithFlowStatusAndTimeFiltersWithinTheTenant() {
        List<ExecutionRecord> rows = new ArrayList<>();
        Instant[] instants = {T0.minusSeconds(1), T0, T0.plusMillis(1), T0.plusSeconds(1), T0.plusSeconds(2)};
        ExecutionStatus[] statuses = {ExecutionStatus.QUEUED, ExecutionStatus.FAILED,
                ExecutionStatus.SUCCEEDED};
        for (int i = 0; i < 60; i++) {
            rows.add(execution(String.format("e%02d", i)).tenant(i % 5 == 0 ? "globex" : TENANT)
                    .flow("acme.orders", i % 2 == 0 ? "ship" : "refund", 1).status(statuses[i % 3])
                    .createdAt(instants[(i / 3) % 5]).build());
        }
        create(store(), rows.toArray(ExecutionRecord[]::new));
        Set<ExecutionStatus> failedOrQueued = Set.of(ExecutionStatus.FAILED, ExecutionStatus.QUEUED);
        ExecutionQuery query = ExecutionQuery.all(TENANT).withFlow("acme.orders/ship")
                .withStatuses(failedOrQueued)
                .withCreatedFrom(T0).withCreatedTo(T0.plusSeconds(2));
        List<String> expected = rows.stream()
                .filter(r -> r.tenantId().equals(TENANT) && r.flowId().equals("ship")
                        && failedOrQueued.contains(r.status()) && !r.createdAt().isBefore(T0)
                        && r.createdAt().isBefore(T0.plusSeconds(2)))
                .sorted(NEWEST_FIRST).map(ExecutionRecord::id).toList();
        assertThat(expected).as("the fixture leaves several rows per instant").hasSizeGreaterThan(6);

        for (int pageSize : new int[]{1, 2, 5}) {
            assertThat(walk(query, pageSize)).as("pages of " + pageSize).containsExactlyElementsOf(expected);
        }
        List<String> globex = rows.stream().filter(r -> r.tenantId().equals("globex")).sorted(NEWEST_FIRST)
                .map(ExecutionRecord::id).toList();
        assertThat(walk(ExecutionQuery.all("globex"), 4)).containsExactlyElementsOf(globex);
    }

    @Test
    default void executionsAreFilteredByTheKindThatStartedThem() {
        create(store(), execution("hook").createdAt(T0).build(),
                execution("api").trigger(null).createdAt(T0.plusMillis(1)).build(),
                execution("child").trigger(null).parent("hook", "call").createdAt(T0.plusMillis(2)).build(),
                execution("tick").trigger(json("{\"type\":\"schedule\",\"key\":\"nightly\"}"))
                        .createdAt(T0.plusMillis(3)).build(),
                execution("again").trigger(json("{\"type\":\"webhook\",\"replayOf\":\"hook\"}"))
                        .createdAt(T0.plusMillis(4)).build(),
                execution("queue").trigger(json("{\"type\":\"rabbitmq.consume\",\"eventId\":\"m-1\"}"))
                        .createdAt(T0.plusMillis(5)).build(),
                execution("other-tenant").tenant("globex").createdAt(T0).build());

        assertThat(listed(ExecutionQuery.all(TENANT).withTriggers(Set.of("webhook"))))
                .containsExactly("hook");
        assertThat(listed(ExecutionQuery.all(TENANT).withTriggers(Set.of("manual")))).containsExactly("api");
        assertThat(listed(ExecutionQuery.all(TENANT).withTriggers(Set.of("subflow", "replay"))))
                .containsExactly("again", "child");
        assertThat(listed(ExecutionQuery.all(TENANT).withTriggers(Set.of("rabbitmq.consume"))))
                .containsExactly("queue");
        assertThat(listed(ExecutionQuery.all(TENANT).withTriggers(Set.of("schedule")).withCreatedTo(T0)))
                .isEmpty();
    }

    @Test
    default void aPrefixFindsExecutionsByTheirIdOrTheIdOfWhatStartedThem() {
        create(store(), execution("0190-aa").createdAt(T0).build(),
                execution("0190-ab").createdAt(T0.plusMillis(1)).build(),
                execution("0191-aa").createdAt(T0.plusMillis(2)).build(),
                execution("r-1").trigger(json("{\"type\":\"manual\",\"replayOf\":\"0190-aa\"}"))
                        .createdAt(T0.plusMillis(3)).build(),
                execution("d-1").trigger(json("{\"type\":\"webhook\",\"deliveryId\":\"evt_0190\"}"))
                        .createdAt(T0.plusMillis(4)).build(),
                execution("c-1").trigger(null).parent("0191-aa", "call").createdAt(T0.plusMillis(5)).build(),
                execution("0190-zz").tenant("globex").createdAt(T0).build());

        assertThat(listed(ExecutionQuery.all(TENANT).withIdPrefix("0190-a"))).containsExactly("r-1",
                "0190-ab",
                "0190-aa");
        assertThat(listed(ExecutionQuery.all(TENANT).withIdPrefix("0190-aa"))).containsExactly("r-1",
                "0190-aa");
        assertThat(listed(ExecutionQuery.all(TENANT).withIdPrefix("evt_"))).containsExactly("d-1");
        assertThat(listed(ExecutionQuery.all(TENANT).withIdPrefix("0191"))).containsExactly("c-1", "0191-aa");
        assertThat(listed(ExecutionQuery.all(TENANT).withIdPrefix("0190-A"))).as("case-sensitive").isEmpty();
        assertThat(listed(ExecutionQuery.all(TENANT).withIdPrefix("0190%"))).as("no wildcards").isEmpty();
        assertThat(listed(ExecutionQuery.all(TENANT).withIdPrefix("019").withTriggers(Set.of("webhook"))
                .withCreatedFrom(T0.plusMillis(1)))).containsExactly("0191-aa", "0190-ab");
        assertThat(walk(ExecutionQuery.all(TENANT).withIdPrefix("0"), 1)).containsExactly("c-1", "r-1",
                "0191-aa", "0190-ab", "0190-aa");
    }

    @Test
    default void aCursorResumesAfterItsPositionWhetherOrNotItsRowExists() {
        create(store(), execution("x1").createdAt(T0).build(), execution("x3").createdAt(T0).build(),
                execution("x5").createdAt(T0).build(),
                execution("older").createdAt(T0.minusMillis(1)).build(),
                execution("newer").createdAt(T0.plusMillis(1)).build());
        ExecutionQuery all = ExecutionQuery.all(TENANT);

        assertThat(listed(all.withAfter(new ExecutionQuery.Cursor(T0, "x4")))).containsExactly("x3", "x1",
                "older");
        assertThat(listed(all.withAfter(new ExecutionQuery.Cursor(T0, "x5")))).containsExactly("x3", "x1",
                "older");
        assertThat(listed(all.withAfter(new ExecutionQuery.Cursor(T0.plusSeconds(9), "a")))).hasSize(5);
        // With a created-before bound, whichever of the two ends first ends the page.
        assertThat(listed(all.withAfter(new ExecutionQuery.Cursor(T0, "x4")).withCreatedTo(T0)))
                .containsExactly("older");
        assertThat(
                listed(all.withAfter(new ExecutionQuery.Cursor(T0, "x4")).withCreatedTo(T0.plusSeconds(9))))
                .containsExactly("x3", "x1", "older");
        assertThat(listed(all.withAfter(new ExecutionQuery.Cursor(T0.plusSeconds(9), "a")).withCreatedTo(T0)))
                .containsExactly("older");
    }

    /** Every row of {@code query}, a page of {@code pageSize} at a time, each page after the last row. */
    private List<String> walk(ExecutionQuery query, int pageSize) {
        List<String> seen = new ArrayList<>();
        ExecutionQuery page = query.withLimit(pageSize);
        for (int pages = 1;; pages++) {
            List<ExecutionRecord> rows = store().executions(page);
            rows.forEach(r -> seen.add(r.id()));
            if (rows.size() < pageSize) {
                return seen;
            }
            assertThat(pages).as("pages").isLessThan(1000);
            page = page.withAfter(ExecutionQuery.Cursor.of(rows.getLast()));
        }
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
