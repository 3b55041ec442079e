package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.TENANT;
import static dev.weft.testkit.store.Fixtures.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.FlowVersion;
import org.junit.jupiter.api.Test;

/** Deploying flows: versions, same-source dedupe, lookups. */
interface FlowVersionContract extends StoreUnderTest {

    String SOURCE_A = "id: ship\nnamespace: acme.orders\nsteps: []\n";
    String SOURCE_B = "id: ship\nnamespace: acme.orders\nsteps:\n  - id: wait\n    type: sleep\n";

    @Test
    default void deployingChangedSourceCreatesTheNextVersion() {
        FlowVersion first = store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_A, T0);
        FlowVersion second = store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_B, T0.plusSeconds(1));

        assertThat(first)
                .isEqualTo(new FlowVersion(TENANT, "acme.orders", "ship", 1, SOURCE_A, sha256(SOURCE_A), T0));
        assertThat(second.version()).isEqualTo(2);
        assertThat(store().flowVersion(TENANT, "acme.orders", "ship", 1)).contains(first);
        assertThat(store().flowVersion(TENANT, "acme.orders", "ship", 2)).contains(second);
        assertThat(store().latestFlowVersion(TENANT, "acme.orders", "ship")).contains(second);
    }

    @Test
    default void deployingTheLatestSourceAgainReturnsTheLatestVersionUnchanged() {
        FlowVersion first = store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_A, T0);

        FlowVersion again = store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_A, T0.plusSeconds(60));

        assertThat(again).isEqualTo(first);
        assertThat(store().flowVersion(TENANT, "acme.orders", "ship", 2)).isEmpty();
    }

    @Test
    default void deployingAnOlderSourceAgainCreatesANewVersion() {
        store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_A, T0);
        store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_B, T0);

        FlowVersion third = store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_A, T0);

        assertThat(third.version()).isEqualTo(3);
        assertThat(third.source()).isEqualTo(SOURCE_A);
    }

    @Test
    default void versionsAreCountedPerFlow() {
        store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_A, T0);
        store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_B, T0);

        assertThat(store().deployFlow(TENANT, "acme.orders", "refund", SOURCE_A, T0).version()).isEqualTo(1);
        assertThat(store().deployFlow(TENANT, "acme.billing", "ship", SOURCE_A, T0).version()).isEqualTo(1);
    }

    @Test
    default void latestFlowVersionsListsTheNewestVersionOfEveryFlow() {
        store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_A, T0);
        FlowVersion shipV2 = store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_B, T0);
        FlowVersion refund = store().deployFlow(TENANT, "acme.orders", "refund", SOURCE_A, T0);

        assertThat(store().latestFlowVersions(TENANT)).containsExactlyInAnyOrder(shipV2, refund);
    }

    @Test
    default void unknownFlowsAndVersionsAreEmpty() {
        store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_A, T0);

        assertThat(store().flowVersion(TENANT, "acme.orders", "ship", 2)).isEmpty();
        assertThat(store().flowVersion(TENANT, "acme.orders", "nope", 1)).isEmpty();
        assertThat(store().latestFlowVersion(TENANT, "acme.orders", "nope")).isEmpty();
        assertThat(store().latestFlowVersions("nobody")).isEmpty();
    }

    @Test
    default void aDeletedFlowHasNoLatestVersionButKeepsItsVersionsAndRedeployContinuesTheNumbering() {
        FlowVersion first = store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_A, T0);

        assertThat(store().deleteFlow(TENANT, "acme.orders", "ship", T0.plusSeconds(1))).isTrue();

        assertThat(store().latestFlowVersion(TENANT, "acme.orders", "ship")).isEmpty();
        assertThat(store().latestFlowVersions(TENANT)).isEmpty();
        assertThat(store().flowVersion(TENANT, "acme.orders", "ship", 1)).contains(first);
        assertThat(store().deleteFlow(TENANT, "acme.orders", "ship", T0.plusSeconds(2))).isFalse();
        FlowVersion again = store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_A, T0.plusSeconds(3));
        assertThat(again.version()).isEqualTo(2);
        assertThat(store().latestFlowVersion(TENANT, "acme.orders", "ship")).contains(again);
    }

    @Test
    default void flowVersionsAreListedNewestFirstInPagesWithoutTheirSourceAlsoForADeletedFlow() {
        FlowVersion first = store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_A, T0);
        FlowVersion second = store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_B, T0.plusSeconds(1));
        FlowVersion third = store().deployFlow(TENANT, "acme.orders", "ship", SOURCE_A, T0.plusSeconds(2));
        store().deployFlow(TENANT, "acme.orders", "refund", SOURCE_A, T0);
        store().deleteFlow(TENANT, "acme.orders", "ship", T0.plusSeconds(3));

        assertThat(store().flowVersions(TENANT, "acme.orders", "ship", Integer.MAX_VALUE, 2)).containsExactly(
                withoutSource(third), withoutSource(second));
        assertThat(store().flowVersions(TENANT, "acme.orders", "ship", 2, 2))
                .containsExactly(withoutSource(first));
        assertThat(store().flowVersions(TENANT, "acme.orders", "nope", Integer.MAX_VALUE, 2)).isEmpty();
        assertThat(store().flowVersions("nobody", "acme.orders", "ship", Integer.MAX_VALUE, 2)).isEmpty();
    }

    private static FlowVersion withoutSource(FlowVersion v) {
        return new FlowVersion(v.tenantId(), v.namespace(), v.flowId(), v.version(), null, v.sha256(),
                v.createdAt());
    }
}
