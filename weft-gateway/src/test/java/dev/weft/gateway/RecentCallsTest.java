package dev.weft.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.gateway.CallEvent.Outcome;
import dev.weft.testkit.engine.StoppedClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a system's recent calls keep: the last few per system and tenant, latest first, nothing of a call's data. */
class RecentCallsTest {
    private final StoppedClock clock = new StoppedClock(Instant.parse("2026-12-07T04:00:00Z"));

    private static CallEvent call(String system, String operation, Outcome outcome, String error) {
        return new CallEvent(system, operation, null, outcome, error, 2, 1_500_000, "exec-1:step", "trace-1");
    }

    @Test
    void eachSystemKeepsItsLastCallsLatestFirstAndDropsTheOldest() {
        RecentCalls recent = new RecentCalls(clock, 3, 100);
        CallObserver observer = recent.observer("acme");
        for (int i = 1; i <= 4; i++) {
            observer.called(call("crm", "http.request" + i, Outcome.OK, null));
            clock.advance(Duration.ofSeconds(1));
        }
        observer.called(call("erp", "http.request", Outcome.UNAVAILABLE, "http.status"));

        assertThat(recent.of("acme", "crm")).extracting(RecentCalls.Entry::operation)
                .containsExactly("http.request4", "http.request3", "http.request2");
        RecentCalls.Entry erp = recent.of("acme", "erp").getFirst();
        assertThat(erp).isEqualTo(new RecentCalls.Entry(Instant.parse("2026-12-07T04:00:04Z"), "http.request",
                null, "unavailable", "http.status", 2, 1.5));
        assertThat(erp.toString()).as("no idempotency key, trace or data").doesNotContain("exec-1",
                "trace-1");
    }

    @Test
    void tenantsAreApartCallsWithoutASystemAreNotKeptAndAForgottenSystemStartsAfresh() {
        RecentCalls recent = new RecentCalls(clock, 3, 100);
        recent.observer("acme").called(call("crm", "http.request", Outcome.OK, null));
        recent.observer("beta").called(call("(http without a system)", "http.request", Outcome.OK, null));

        assertThat(recent.of("beta", "crm")).isEmpty();
        assertThat(recent.of("acme", "crm")).hasSize(1);
        assertThat(recent.of("beta", "(http without a system)")).isEmpty();
        recent.forget("acme", "crm");
        assertThat(recent.of("acme", "crm")).isEmpty();
    }
}
