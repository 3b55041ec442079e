package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresSettingsTest {

    @Test
    void describesHostDatabaseAndSchemaOnly() {
        PostgresSettings settings = PostgresSettings
                .of("jdbc:postgresql://db.internal:5433/weft?sslmode=require"
                        + "&password=s3cret")
                .withCredentials("weft", "hunter2").withSchema("tenant_a");

        assertThat(settings.describe()).isEqualTo("postgresql://db.internal:5433/weft schema tenant_a");
        assertThat(settings.toString()).contains("db.internal:5433/weft", "user=weft")
                .doesNotContain("s3cret", "hunter2");
    }

    @Test
    void leavesOutCredentialsWrittenIntoTheHostPart() {
        assertThat(PostgresSettings.of("jdbc:postgresql://weft:s3cret@db:5432/weft").describe())
                .isEqualTo("postgresql://db:5432/weft");
        assertThat(PostgresSettings.of("jdbc:postgresql:weft").describe()).isEqualTo("postgresql:weft");
    }

    @Test
    void refusesAnUrlOfAnotherDatabaseWithoutQuotingItsParameters() {
        assertThatThrownBy(() -> PostgresSettings.of("jdbc:mysql://db/weft?password=s3cret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbcUrl must start with jdbc:postgresql:")
                .hasMessageContaining("jdbc:mysql://db/weft")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void refusesAPoolWithoutConnections() {
        assertThatThrownBy(() -> PostgresSettings.of("jdbc:postgresql://db/weft").withPoolSize(0))
                .hasMessage("poolSize must be at least 1, but was 0");
    }

    @Test
    void refusesASchemaThatIsNotAPlainName() {
        assertThatThrownBy(
                () -> PostgresSettings.of("jdbc:postgresql://db/weft").withSchema("x; DROP TABLE y"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema must be");
    }
}
