package dev.weft.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.sync.ConflictPolicy;
import dev.weft.sync.ConflictRule;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolverTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private static ObjectNode rec(String name, String email, int limit) {
        return Json.MAPPER.createObjectNode().put("name", name).put("email", email).put("limit", limit);
    }

    private static ConflictPolicy policy(ConflictRule rule, Map<String, ConflictRule> fields) {
        return new ConflictPolicy(rule, Duration.ofSeconds(2), fields);
    }

    @Test
    void equalContentIsNoConflict() {
        Resolver.Decision d = Resolver.decide(policy(ConflictRule.MANUAL, Map.of()), rec("a", "a@x", 1),
                rec("a", "a@x", 1).put("limit", 1.00), null, null, null);

        assertThat(d.outcome()).isEqualTo(Resolver.Outcome.SAME);
    }

    @Test
    void sourceAndTargetWinTakeAWholeVersion() {
        ObjectNode source = rec("s", "s@x", 1);
        ObjectNode target = rec("t", "t@x", 2);

        assertThat(
                Resolver.decide(policy(ConflictRule.SOURCE_WINS, Map.of()), source, target, null, null, null)
                        .merged())
                .isEqualTo(source);
        assertThat(
                Resolver.decide(policy(ConflictRule.TARGET_WINS, Map.of()), source, target, null, null, null)
                        .merged())
                .isEqualTo(target);
    }

    @Test
    void newestWinsByModifiedAtAndHoldsATieWithinTheSkew() {
        ObjectNode source = rec("s", "x", 1);
        ObjectNode target = rec("t", "x", 1);
        ConflictPolicy newest = policy(ConflictRule.NEWEST_WINS, Map.of());

        assertThat(Resolver.decide(newest, source, target, null, T0.plusSeconds(10), T0).merged())
                .isEqualTo(source);
        assertThat(Resolver.decide(newest, source, target, null, T0, T0.plusSeconds(10)).merged())
                .isEqualTo(target);
        Resolver.Decision tie = Resolver.decide(newest, source, target, null, T0, T0.plusSeconds(2));
        assertThat(tie.outcome()).isEqualTo(Resolver.Outcome.HOLD);
        assertThat(tie.fields()).containsExactly("name");
    }

    @Test
    void mergeTakesEachFieldFromTheSideThatChangedIt() {
        ObjectNode base = rec("a", "a@x", 1);
        ObjectNode source = rec("b", "a@x", 1);
        ObjectNode target = rec("a", "a@x", 5);

        Resolver.Decision d = Resolver.decide(policy(ConflictRule.MERGE, Map.of()), source, target, base,
                null, null);

        assertThat(d.outcome()).isEqualTo(Resolver.Outcome.MERGED);
        assertThat(d.merged()).isEqualTo(rec("b", "a@x", 5));
    }

    @Test
    void mergeHoldsAFieldChangedOnBothSides() {
        ObjectNode base = rec("a", "a@x", 1);

        Resolver.Decision d = Resolver.decide(policy(ConflictRule.MERGE, Map.of()), rec("b", "a@x", 2),
                rec("c", "a@x", 1), base, null, null);

        assertThat(d.outcome()).isEqualTo(Resolver.Outcome.HOLD);
        assertThat(d.fields()).containsExactly("name");
    }

    @Test
    void aManualFieldHoldsTheRecordOnlyWhenBothSidesChangedIt() {
        ConflictPolicy policy = policy(ConflictRule.NEWEST_WINS, Map.of("limit", ConflictRule.MANUAL));
        ObjectNode base = rec("a", "a@x", 1);

        Resolver.Decision newerName = Resolver.decide(policy, rec("b", "a@x", 1), rec("a", "a@x", 9), base,
                T0.plusSeconds(60), T0);
        assertThat(newerName.outcome()).isEqualTo(Resolver.Outcome.MERGED);
        assertThat(newerName.merged()).isEqualTo(rec("b", "a@x", 9));

        Resolver.Decision bothLimits = Resolver.decide(policy, rec("b", "a@x", 2), rec("a", "a@x", 9), base,
                T0.plusSeconds(60), T0);
        assertThat(bothLimits.outcome()).isEqualTo(Resolver.Outcome.HOLD);
        assertThat(bothLimits.fields()).containsExactly("limit");
    }

    @Test
    void manualHoldsEveryConcurrentChange() {
        Resolver.Decision d = Resolver.decide(policy(ConflictRule.MANUAL, Map.of()), rec("b", "a@x", 1),
                rec("a", "a@x", 2), rec("a", "a@x", 1), null, null);

        assertThat(d.outcome()).isEqualTo(Resolver.Outcome.HOLD);
        assertThat(d.fields()).containsExactlyInAnyOrder("name", "limit");
    }
}
