package dev.weft.gateway.egress;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.ConnectorException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The host check of database and broker connectors ({@code Egress.checkHost}) with the platform's rules:
 * a private host is refused naming the host and how to allow it, an allowed one passes. No connection is
 * made (a name is only resolved).
 */
class CheckHostTest {

    @Test
    void aLoopbackDatabaseHostIsRefusedNamingTheHostAndTheSettingThatAllowsIt() {
        EgressGuard guard = EgressGuard.of(EgressPolicy.blockPrivate());
        assertThatThrownBy(() -> guard.checkHost("postgres", "127.0.0.1"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo("egress.refused");
                    org.assertj.core.api.Assertions.assertThat(e.retryable()).isFalse();
                })
                .hasMessageContaining("postgres host 127.0.0.1")
                .hasMessageContaining(EgressPolicy.CONFIGURATION_KEY)
                .hasMessageContaining(EgressPolicy.ENVIRONMENT_VARIABLE);
        assertThatThrownBy(() -> guard.checkHost("rabbitmq", "[::1]"))
                .hasMessageContaining("rabbitmq host [::1]");
    }

    @Test
    void aHostInTheAllowListPasses() {
        EgressGuard guard = EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32", "localhost"), "test"));
        assertThatCode(() -> guard.checkHost("redis", "127.0.0.1")).doesNotThrowAnyException();
    }
}
