package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.testkit.services.RequiredService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/customers-sync.yaml} for real, from the command line: its tables created on this machine's
 * PostgreSQL and MariaDB, the job deployed with {@code weft deploy} to a {@code weft server} process whose
 * systems {@code crm} and {@code erp} are created through its API, then run with {@code weft sync run --wait};
 * a credit limit changed on both sides is held, listed with {@code weft sync conflicts}, resolved with
 * {@code weft sync resolve} and written by the next run. The tables get this test's own suffix, the only change
 * made to the example, so that runs beside it do not share them.
 */
class CustomersSyncExampleIT {
    @RegisterExtension
    static final RequiredService PG = SyncDatabases.POSTGRES;
    @RegisterExtension
    static final RequiredService MARIA = SyncDatabases.MARIADB;

    private static final Path EXAMPLE = Path.of("..", "examples", "customers-sync.yaml");

    @TempDir
    Path dir;
    Connection crm;
    Connection erp;
    String left;
    String right;
    ServerProcess server;

    @BeforeEach
    void start() throws Exception {
        crm = SyncDatabases.postgres();
        erp = SyncDatabases.mariadb();
        String suffix = SyncDatabases.suffix();
        left = "crm_customers_" + suffix;
        right = "erp_customers_" + suffix;
        SyncDatabases.sql(crm, "CREATE TABLE " + left + " (id bigint PRIMARY KEY, first_name text NOT NULL,"
                + " last_name text NOT NULL, email text NOT NULL, credit_limit numeric(12,2) NOT NULL DEFAULT 0,"
                + " updated_at timestamptz(6) NOT NULL DEFAULT clock_timestamp())",
                "CREATE FUNCTION " + left + "_touch() RETURNS trigger AS $$ BEGIN NEW.updated_at :="
                        + " clock_timestamp(); RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER " + left + "_touch BEFORE UPDATE ON " + left
                        + " FOR EACH ROW EXECUTE FUNCTION "
                        + left + "_touch()",
                "INSERT INTO " + left + " (id, first_name, last_name, email, credit_limit) VALUES"
                        + " (1, 'Ada', 'Lovelace', 'ada@example.com', 5000),"
                        + " (2, 'Alan', 'Turing', 'alan@example.com', 2500),"
                        + " (3, 'Grace', 'Hopper', 'grace@example.com', 7500)");
        SyncDatabases.sql(erp, "CREATE TABLE " + right
                + " (id BIGINT PRIMARY KEY, name VARCHAR(200) NOT NULL,"
                + " email VARCHAR(200) NOT NULL, credit_limit DECIMAL(12,2) NOT NULL DEFAULT 0,"
                + " modified TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6))",
                "INSERT INTO " + right + " (id, name, email, credit_limit) VALUES"
                        + " (10, 'Edsger Dijkstra', 'edsger@example.com', 1000)");
        Path config = Files.writeString(dir.resolve("weft.yaml"), "server: {port: 0}\n");
        server = ServerProcess.start(config, dir.resolve("data"), dir.resolve("server.log"));
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        SyncDatabases.sql(crm, "DROP TABLE IF EXISTS " + left,
                "DROP FUNCTION IF EXISTS " + left + "_touch()");
        SyncDatabases.sql(erp, "DROP TABLE IF EXISTS " + right);
        crm.close();
        erp.close();
    }

    /** {@code weft args...} against the server, which must exit with {@code exit}. */
    private CommandLineRun weft(int exit, String... args) {
        CommandLineRun run = CommandLineRun.weft(
                Map.of("WEFT_SERVER", server.url(""), "WEFT_API_KEY", ServerProcess.KEY), args);
        assertThat(run.exit()).as(String.join(" ", args) + "\n" + run.all() + "\n" + server.log())
                .isEqualTo(exit);
        assertThat(run.all()).as("the API key is never printed").doesNotContain(ServerProcess.KEY);
        return run;
    }

    /** Both tables as the same rows: id, then name, email and credit limit. */
    private void assertBothSidesEqual(int rows) throws Exception {
        Map<String, String> crmRows = SyncDatabases.rows(crm,
                "SELECT id, first_name || ' ' || last_name, email, credit_limit FROM " + left);
        assertThat(SyncDatabases.rows(erp, "SELECT id, name, email, credit_limit FROM " + right))
                .hasSize(rows)
                .isEqualTo(crmRows);
    }

    @Test
    void customersAreSyncedBothWaysAndAConflictingCreditLimitIsResolvedFromTheCommandLine() throws Exception {
        SyncDatabases.createSystems(server);
        Path job = Files.writeString(dir.resolve("customers-sync.yaml"), Files.readString(EXAMPLE)
                .replace("crm_customers", left).replace("erp_customers", right));

        assertThat(weft(0, "deploy", job.toString()).out()).contains("sync job customers is new",
                "deployed sync job customers v1");
        CommandLineRun first = weft(0, "sync", "run", "customers", "--wait");
        assertThat(first.out()).contains("of customers succeeded: ", " 4 created, 0 updated",
                "0 conflicts, 0 failed");
        assertThat(first.err()).contains("queued run ");
        assertBothSidesEqual(4);
        assertThat(SyncDatabases.rows(crm, "SELECT id, first_name, last_name FROM " + left)).containsEntry(
                "10",
                "Edsger|Dijkstra");

        // Both sides change Ada's credit limit (held for review); the ERP alone changes Alan's email.
        SyncDatabases.sql(crm, "UPDATE " + left + " SET credit_limit = 6000 WHERE id = 1");
        SyncDatabases.sql(erp, "UPDATE " + right + " SET credit_limit = 5500 WHERE id = 1",
                "UPDATE " + right + " SET email = 'alan.turing@example.com' WHERE id = 2");
        CommandLineRun edits = weft(0, "sync", "run", "customers", "--wait");
        assertThat(edits.out()).contains("1 updated", "1 conflicts");
        assertThat(edits.err()).contains("1 conflict is held for review: weft sync conflicts customers");
        assertThat(SyncDatabases.rows(crm, "SELECT id, email FROM " + left)).containsEntry("2",
                "alan.turing@example.com");

        assertThat(weft(0, "sync", "conflicts", "customers").out()).contains("open", "credit_limit=6000",
                "credit_limit=5500");
        assertThat(weft(0, "sync", "status", "customers").out()).contains("open conflicts  1");
        JsonNode open = Json.MAPPER.readTree(weft(0, "sync", "conflicts", "customers", "--json").out());
        assertThat(open.get("items")).hasSize(1);
        String conflict = open.at("/items/0/id").asText();

        assertThat(weft(0, "sync", "resolve", "customers", conflict, "--take", "right").out())
                .contains("conflict " + conflict + " of customers is resolved");
        weft(0, "sync", "run", "customers", "--wait");
        assertBothSidesEqual(4);
        assertThat(SyncDatabases.rows(crm, "SELECT id, credit_limit FROM " + left)).containsEntry("1",
                "5500.00");
        assertThat(weft(0, "sync", "conflicts", "customers").err())
                .contains("no open conflicts in customers");
        assertThat(weft(0, "sync", "conflicts", "customers", "--status", "applied").out()).contains(conflict);

        CommandLineRun quiet = weft(0, "sync", "run", "customers", "--wait");
        assertThat(quiet.out()).contains("0 created, 0 updated, 0 deleted");
        List<String> runs = new ArrayList<>(weft(0, "sync", "runs", "customers").out().lines().toList());
        assertThat(runs.get(0)).startsWith("ID").contains("STATUS", "CREATED", "CONFLICTS");
        assertThat(runs.subList(1, runs.size())).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(line -> assertThat(line).contains("succeeded"));
        assertThat(weft(0, "sync", "list").out()).contains("customers", "crm/" + left, "erp/" + right);
        assertThat(weft(0, "sync", "failures", "customers").err()).contains("no failed records in customers");
        CommandLineRun unknown = weft(ExitCodes.INVALID, "sync", "run", "nobody", "--wait");
        assertThat(unknown.err()).contains("404 sync.not_found");
    }
}
