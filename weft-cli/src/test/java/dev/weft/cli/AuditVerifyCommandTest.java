package dev.weft.cli;

import static dev.weft.cli.CommandLineRun.weft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.AuditEntry;
import dev.weft.engine.store.Storage;
import dev.weft.store.jdbc.SqliteStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft audit verify} on a real SQLite store: intact chains pass; one row changed, deleted or inserted
 * behind Weft's back fails, naming the entry.
 */
class AuditVerifyCommandTest {
    @TempDir
    Path data;

    @BeforeEach
    void fiveEntries() {
        try (Storage storage = SqliteStorage.open(data)) {
            for (int i = 1; i <= 5; i++) {
                storage.audit().append(new AuditEntry("default",
                        Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i),
                        "api-key:k1", "putSystem", "/api/v1/systems/s" + i, AuditEntry.SUCCESS, 0, "10.0.0.7",
                        "curl/8", null, "d" + i));
            }
            storage.audit().append(new AuditEntry("beta", Instant.parse("2026-12-01T10:00:00Z"), "api-key:k2",
                    "deployFlow", "/api/v1/flows/a/b", AuditEntry.SUCCESS, 0, null, null, null, null));
        }
    }

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("weft.db"));
                Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private CommandLineRun verify() {
        return weft("audit", "verify", "--data", data.toString());
    }

    @Test
    void intactChainsPass() {
        CommandLineRun run = verify();
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("tenant default: 5 entries checked", "tenant beta: 1 entries checked",
                "intact");
    }

    @Test
    void aChangedEntryIsNamed() throws Exception {
        sql("UPDATE audit_log SET actor = 'api-key:someone-else' WHERE tenant_id = 'default' AND seq = 3");
        CommandLineRun run = verify();
        assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("tenant default, entry 3", "does not match its hash");
    }

    @Test
    void aDeletedEntryIsNamed() throws Exception {
        sql("DELETE FROM audit_log WHERE tenant_id = 'default' AND seq = 2");
        CommandLineRun middle = verify();
        assertThat(middle.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(middle.err()).contains("tenant default, entry 2", "missing");

    }

    @Test
    void aDeletedLastEntryIsNamed() throws Exception {
        sql("DELETE FROM audit_log WHERE tenant_id = 'default' AND seq = 5");
        CommandLineRun run = verify();
        assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("tenant default, entry 5", "missing");
    }

    @Test
    void anInsertedEntryIsNamed() throws Exception {
        sql("INSERT INTO audit_log VALUES ('default', 6, 0, 'api-key:k1', 'deleteFlow', '/x', 'success', 0, null,"
                + " null, null, null, 'forged', 'forged')");
        CommandLineRun run = verify();
        assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("tenant default, entry 6");

        sql("DELETE FROM audit_log WHERE seq = 6");
        sql("INSERT INTO audit_log VALUES ('gamma', 1, 0, 'api-key:k1', 'deleteFlow', '/x', 'success', 0, null,"
                + " null, null, null, '" + "0".repeat(64) + "', 'x')");
        CommandLineRun other = verify();
        assertThat(other.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(other.err()).contains("tenant gamma, entry 1");
    }
}
