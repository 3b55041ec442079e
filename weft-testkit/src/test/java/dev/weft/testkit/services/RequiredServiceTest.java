package dev.weft.testkit.services;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.junit.jupiter.api.Test;

class RequiredServiceTest {

    private static final RequiredService.Probe REFUSED = () -> {
        throw new ConnectException("Connection refused");
    };

    @Test
    void aServiceThatAnswersLetsTheTestsRun() {
        RequiredService service = new RequiredService("Echo", "start it", () -> {
        }, Map.of("CI", "true")::get);

        assertThatCode(service::require).doesNotThrowAnyException();
    }

    @Test
    void anUnreachableServiceSkipsTheTestsOutsideCi() {
        RequiredService service = new RequiredService("PostgreSQL at 127.0.0.1:5432", "start it", REFUSED,
                Map.<String, String>of()::get);

        assertThatThrownBy(service::require).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("PostgreSQL at 127.0.0.1:5432")
                .hasMessageContaining("Connection refused")
                .hasMessageContaining("start it");
    }

    @Test
    void anUnreachableServiceFailsTheTestsOnCi() {
        RequiredService service = new RequiredService("Redis", "start it", REFUSED,
                Map.of("CI", "true")::get);

        assertThatThrownBy(service::require).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("Redis")
                .hasMessageContaining("CI=true")
                .hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void ciSetToAnythingButTrueStillSkips() {
        RequiredService service = new RequiredService("Redis", "start it", REFUSED,
                Map.of("CI", "false")::get);

        assertThatThrownBy(service::require).isInstanceOf(TestAbortedException.class);
    }

    @Test
    void theServiceIsProbedOnceForEveryTestThatRequiresIt() {
        AtomicInteger probes = new AtomicInteger();
        RequiredService service = new RequiredService("Echo", "start it", probes::incrementAndGet,
                Map.<String, String>of()::get);

        service.require();
        service.require();

        assertThat(probes).hasValue(1);
    }
}
