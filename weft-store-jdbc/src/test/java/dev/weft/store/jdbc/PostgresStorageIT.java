package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.Storage;
import dev.weft.testkit.store.StorageContract;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract on PostgreSQL, and two nodes sharing its database. */
class PostgresStorageIT extends StorageContract {

    private static final Instant T0 = Instant.parse("2025-03-04T05:06:07.891Z");

    @RegisterExtension
    static final PostgresSchemas SCHEMAS = new PostgresSchemas();

    @Override
    protected Storage openStorage() {
        return PostgresStorage.open(SCHEMAS.settings("storage"));
    }

    @Override
    protected Storage reopenStorage() {
        return PostgresStorage.open(SCHEMAS.settings("storage"));
    }

    @Test
    void describesTheServerDatabaseAndSchemaButNeverTheCredentials() {
        // The server trusts local connections, so any password is accepted, and must not show.
        PostgresSettings settings = SCHEMAS.settings("with-password").withCredentials("postgres",
                "hunter2-pw");
        PostgresSettings inUrl = PostgresSettings.of(
                PostgresSchemas.URL + "?user=postgres&password=hunter3-pw&ApplicationName=weft")
                .withSchema(settings.schema());
        try (Storage storage = PostgresStorage.open(settings);
                Storage byUrl = PostgresStorage.open(inUrl)) {
            storage.ping();
            byUrl.ping();

            assertThat(storage.describe())
                    .isEqualTo("postgresql://127.0.0.1:5432/test schema " + settings.schema())
                    .isEqualTo(byUrl.describe());
            assertThat(settings.toString()).doesNotContain("hunter2-pw");
            assertThat(inUrl.toString()).doesNotContain("hunter3-pw");
        }
    }

    @Test
    void twoNodesSeeEachOthersWritesAndOneWinsEachRace() {
        try (Storage other = reopenStorage()) {
            storage().schedules().advanceSchedule("acme", "acme.reports", "daily", "cron-0", null, T0);

            assertThat(other.schedules().nextSlot("acme", "acme.reports", "daily", "cron-0")).contains(T0);
            assertThat(other.schedules().advanceSchedule("acme", "acme.reports", "daily", "cron-0", T0,
                    T0.plusSeconds(60))).isTrue();
            assertThat(storage().schedules().advanceSchedule("acme", "acme.reports", "daily", "cron-0", T0,
                    T0.plusSeconds(61))).isFalse();
            assertThat(storage().schedules().nextSlot("acme", "acme.reports", "daily", "cron-0"))
                    .contains(T0.plusSeconds(60));
        }
    }
}
