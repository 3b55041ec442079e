package dev.weft.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.SystemClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The four operations, errors and the connection test against the subclass's real database. */
abstract class OperationCases extends SqlCases {

    /** A table with a column of each kind, one row in it, and that row as the query must return it. */
    protected abstract String typesColumns();

    protected abstract String typesRow();

    protected abstract String typesExpected();

    /** A query that runs for a minute unless cancelled; {@code marker} makes it findable on the server. */
    protected abstract String sleepSql(String marker);

    /** Whether a statement with {@code marker} in its text is running on the server. */
    protected abstract String runningSql(String marker);

    @Test
    void queryBindsNamedParametersButLeavesLiteralsAndCommentsAlone() throws Exception {
        insertItem(1, "a", "2024-05-01 10:00:00");
        insertItem(2, ":id", "2024-05-01 10:00:00");
        insertItem(3, "c", "2024-05-01 10:00:00");

        JsonNode out = invoke("query", """
                {"sql": "SELECT id, name FROM $T WHERE id = :id OR name = ':id' -- or :other\\n ORDER BY id",
                 "params": {"id": 1}}
                """);

        assertSameJson(out,
                json("""
                        {"rows": [{"id": 1, "name": "a"}, {"id": 2, "name": ":id"}], "rowCount": 2, "truncated": false}
                        """));
    }

    @Test
    void queryIsCutAtMaxRowsAndSaysSo() throws Exception {
        for (int i = 1; i <= 3; i++) {
            insertItem(i, "n" + i, "2024-05-01 10:00:00");
        }

        JsonNode out = invoke("query", "{\"sql\": \"SELECT id FROM $T ORDER BY id\", \"maxRows\": 2}");

        assertSameJson(out,
                json("{\"rows\": [{\"id\": 1}, {\"id\": 2}], \"rowCount\": 2, \"truncated\": true}"));
    }

    @Test
    void queryReadsEachColumnTypeAsTheJsonItMeans() throws Exception {
        String types = newTable("types", typesColumns());
        db().sql("INSERT INTO " + types + " VALUES " + typesRow());

        JsonNode out = invoke("query", "{\"sql\": \"SELECT * FROM " + types + "\"}");

        assertSameJson(out.get("rows").get(0), JSON.readTree(typesExpected()));
    }

    @Test
    void queryRefusesToChangeData() throws Exception {
        insertItem(1, "a", "2024-05-01 10:00:00");

        ConnectorException e = failure("query", "{\"sql\": \"DELETE FROM $T\"}");

        assertThat(e.code()).isEqualTo(db().id() + ".input");
        assertThat(e.getMessage()).contains("'sql' starts with 'DELETE', which is not a query");
        assertThat(e.retryable()).isFalse();
        if (db() == TestDatabase.POSTGRES) {
            // What the statement check lets through, the read-only transaction still stops
            ConnectorException cte = failure("query",
                    "{\"sql\": \"WITH gone AS (DELETE FROM $T RETURNING id) SELECT id FROM gone\"}");
            assertThat(cte.code()).isEqualTo(db().id() + ".readonly");
        }
        assertThat(count("1 = 1")).isEqualTo(1);
    }

    @Test
    void queryRefusesStatementsThatWriteFilesOrTablesBeforeRunningThem() throws Exception {
        insertItem(1, "a", "2024-05-01 10:00:00");
        String[] writes = db() == TestDatabase.POSTGRES
                ? new String[]{"COPY $T TO '/tmp/weft-it-copy.csv'", "SELECT * INTO weft_it_copied FROM $T",
                        "EXPLAIN ANALYZE DELETE FROM $T", "select id from $T into weft_it_copied"}
                : new String[]{"SELECT * FROM $T INTO OUTFILE '/tmp/weft-it-outfile'",
                        "SELECT name FROM $T INTO DUMPFILE '/tmp/weft-it-dumpfile'",
                        "SELECT id INTO @x FROM $T",
                        "EXPLAIN ANALYZE DELETE FROM $T",
                        "SELECT * FROM $T /*! INTO OUTFILE '/tmp/weft-it-hidden' */",
                        "EXPLAIN ANALYSE DELETE FROM $T"};
        for (String sql : writes) {
            ConnectorException e = failure("query", "{\"sql\": \"" + sql + "\"}");
            assertThat(e.code()).as(sql).isEqualTo(db().id() + ".input");
            assertThat(e.getMessage()).as(sql).containsAnyOf("INTO", "COPY", "EXPLAIN ANALYZE",
                    "runs as code");
        }
        assertThat(count("1 = 1")).isEqualTo(1);
        // The words count only outside literals, quoted names and comments
        JsonNode out = invoke("query", "{\"sql\": \"SELECT 'copy into' AS into_text /* INTO */ FROM $T\"}");
        assertThat(out.at("/rows/0/into_text").asText()).isEqualTo("copy into");
    }

    @Test
    void aSessionLockTakenByOneCallIsReleasedBeforeTheConnectionServesAnother() throws Exception {
        String take = db() == TestDatabase.POSTGRES
                ? "SELECT pg_try_advisory_lock(424242) AS taken"
                : "SELECT GET_LOCK('weft-it-lock', 0) AS taken";
        invoke("query", "{\"sql\": \"" + take + "\"}");
        // The same query again and again on the pooled connections: their statements survive the reset
        for (int i = 0; i < 12; i++) {
            assertThat(invoke("query", "{\"sql\": \"SELECT count(*) AS n FROM $T WHERE qty > :q\","
                    + " \"params\": {\"q\": " + i + "}}").at("/rows/0/n").asInt()).isZero();
        }

        try (Connection other = db().admin();
                Statement s = other.createStatement();
                ResultSet rs = s.executeQuery(db() == TestDatabase.POSTGRES
                        ? "SELECT pg_try_advisory_lock(424242)"
                        : "SELECT GET_LOCK('weft-it-lock', 0)")) {
            rs.next();
            assertThat(String.valueOf(rs.getObject(1))).as("the lock is free").isIn("true", "1");
        }
    }

    @Test
    void insertWritesEveryRowOrNoneAndTakesIsoTimestamps() throws Exception {
        JsonNode out = invoke("insert", """
                {"table": "$T", "rows": [
                  {"id": 1, "name": "a", "qty": 1, "updated_at": "2024-05-01T10:00:00.25"},
                  {"updated_at": "2024-05-01T10:00:00", "qty": null, "name": "b", "id": 2}]}
                """);
        ConnectorException duplicate = failure("insert",
                """
                        {"table": "$T", "rows": [{"id": 10, "name": "x", "qty": 1, "updated_at": "2024-05-01T10:00:00"},
                                                 {"id": 1, "name": "again", "qty": 1, "updated_at": "2024-05-01T10:00:00"}]}
                        """);

        assertSameJson(out, json("{\"inserted\": 2}"));
        assertThat(count("id = 1 AND updated_at = '2024-05-01 10:00:00.25'")).isEqualTo(1);
        assertThat(count("id = 2 AND qty IS NULL")).isEqualTo(1);
        assertThat(duplicate.code()).isEqualTo(db().id() + ".constraint");
        assertThat(duplicate.retryable()).isFalse();
        assertThat(count("id = 10")).as("the batch's other row was rolled back").isZero();
    }

    @Test
    void everyRowOfABatchMustGiveTheSameColumns() {
        ConnectorException e = failure("insert", """
                {"table": "$T", "rows": [{"id": 1, "name": "a", "updated_at": "2024-05-01T10:00:00"},
                                         {"id": 2, "updated_at": "2024-05-01T10:00:00"}]}
                """);

        assertThat(e.code()).isEqualTo(db().id() + ".input");
        assertThat(e.getMessage()).contains("'rows[1]'", "same columns");
    }

    @Test
    void upsertInsertsThenUpdatesTheOtherColumnsOfTheSameKeyAndARepeatChangesNothing() throws Exception {
        invoke("upsert",
                """
                        {"table": "$T", "key": ["id"], "rows": [{"id": 1, "name": "a", "qty": 1, "updated_at": "2024-05-01T10:00:00"}]}
                        """);
        String second = """
                {"table": "$T", "key": ["id"], "rows": [{"id": 1, "name": "b", "qty": 5, "updated_at": "2024-05-02T10:00:00"},
                                                        {"id": 2, "name": "c", "qty": 2, "updated_at": "2024-05-02T10:00:00"}]}
                """;
        JsonNode out = invoke("upsert", second);
        invoke("upsert", second);

        assertSameJson(out, json("{\"upserted\": 2}"));
        assertSameJson(invoke("query", "{\"sql\": \"SELECT id, name, qty FROM $T ORDER BY id\"}").get("rows"),
                json(
                        "[{\"id\": 1, \"name\": \"b\", \"qty\": 5}, {\"id\": 2, \"name\": \"c\", \"qty\": 2}]"));
    }

    @Test
    void upsertNeedsItsKeyAmongTheRowsColumns() {
        ConnectorException e = failure("upsert", """
                {"table": "$T", "key": ["id"], "rows": [{"name": "a", "updated_at": "2024-05-01T10:00:00"}]}
                """);

        assertThat(e.getMessage()).contains("'key[0]'", "'id'");
    }

    @Test
    void namesThatAreNotPlainIdentifiersAreRefusedBeforeAnySqlRuns() throws Exception {
        ConnectorException badTable = failure("insert", """
                {"table": "$T; DROP TABLE $T", "rows": [{"id": 1}]}
                """);
        ConnectorException badColumn = failure("insert", """
                {"table": "$T", "rows": [{"id) VALUES (1); --": 1}]}
                """);

        assertThat(badTable.code()).isEqualTo(db().id() + ".input");
        assertThat(badTable.getMessage()).contains("'table'", "'" + table + "; DROP TABLE " + table + "'");
        assertThat(badColumn.getMessage()).contains("'id) VALUES (1); --'");
        assertThat(count("1 = 1")).as("the table is still there").isZero();
    }

    @Test
    void executeCommitsItsStatementsTogetherAndReportsEachOne() throws Exception {
        JsonNode out = invoke("execute",
                """
                        {"statements": [
                          {"sql": "INSERT INTO $T (id, name, qty, updated_at) VALUES (:id, :name, 1, '2024-05-01 10:00:00')",
                           "params": {"id": 1, "name": "a"}},
                          {"sql": "UPDATE $T SET qty = qty + :n WHERE id = :id", "params": {"n": 4, "id": 1}},
                          {"sql": "SELECT qty FROM $T WHERE id = 1"}]}
                        """);

        assertSameJson(out, json("""
                {"results": [{"updateCount": 1}, {"updateCount": 1},
                             {"updateCount": 1, "rows": [{"qty": 5}], "rowCount": 1, "truncated": false}]}
                """));
    }

    @Test
    void executeRollsBackEveryStatementWhenOneFailsAndNamesIt() throws Exception {
        ConnectorException e = failure("execute", """
                {"statements": [
                  {"sql": "INSERT INTO $T (id, name, updated_at) VALUES (5, 'a', '2024-05-01 10:00:00')"},
                  {"sql": "INSERT INTO $T (id, name, updated_at) VALUES (5, 'b', '2024-05-01 10:00:00')"}]}
                """);

        assertThat(e.code()).isEqualTo(db().id() + ".constraint");
        assertThat(e.getMessage()).startsWith(db().id() + ".execute statements[1] violates a constraint: ");
        assertThat(e.details().get("statement").intValue()).isEqualTo(1);
        assertThat(count("id = 5")).isZero();
    }

    @Test
    void sqlErrorsArePermanentAndCarryTheServersMessage() {
        ConnectorException syntax = failure("query", "{\"sql\": \"SELECT 1 +\"}");
        ConnectorException missing = failure("query", "{\"sql\": \"SELECT * FROM weft_no_such_table\"}");

        assertThat(syntax.code()).isEqualTo(db().id() + ".sql");
        assertThat(syntax.retryable()).isFalse();
        assertThat(syntax.getMessage()).containsIgnoringCase("syntax");
        assertThat(syntax.details().get("sqlState").asText()).startsWith("42");
        assertThat(missing.code()).isEqualTo(db().id() + ".sql");
        assertThat(missing.getMessage()).contains("weft_no_such_table");
    }

    @Test
    void aMissingOrUnusedParameterIsNamed() {
        assertThat(failure("query", "{\"sql\": \"SELECT id FROM $T WHERE id = :id\", \"params\": {}}")
                .getMessage())
                .contains("'params.id'");
        assertThat(failure("query", "{\"sql\": \"SELECT id FROM $T WHERE id = :id\", \"params\": {\"id\": 1,"
                + " \"idd\": 2}}").getMessage()).contains("'params.idd'", "not used");
    }

    @Test
    void aStatementPastTheCallsTimeoutFailsRetryably() {
        ConnectorException[] thrown = new ConnectorException[1];
        assertThatThrownBy(() -> client.invoke(call("query", "{\"sql\": \"" + sleepSql("timeout") + "\"}",
                Duration.ofSeconds(1), new Cancellation()))).isInstanceOf(ConnectorException.class)
                .satisfies(e -> thrown[0] = (ConnectorException) e);

        assertThat(thrown[0].code()).isEqualTo(db().id() + ".timeout");
        assertThat(thrown[0].retryable()).isTrue();
    }

    @Test
    void cancellingACallStopsItsStatementOnTheServer() throws Exception {
        String marker = "weft_cancel_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Cancellation cancellation = new Cancellation();
        CompletableFuture<JsonNode> running = CompletableFuture.supplyAsync(() -> {
            try {
                return client.invoke(
                        call("query", "{\"sql\": \"" + sleepSql(marker) + "\"}", Duration.ofMinutes(2),
                                cancellation));
            } catch (ConnectorException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        awaitRunning(marker);

        cancellation.cancel("the execution was cancelled");

        assertThatThrownBy(running::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(ConnectorException.class)
                .satisfies(
                        e -> assertThat(((ConnectorException) e).code()).isEqualTo(db().id() + ".cancelled"));
        awaitNotRunning(marker);
    }

    private void awaitRunning(String marker) throws Exception {
        for (int i = 0; i < 1000 && running(marker) == 0; i++) {
            Thread.sleep(10);
        }
        assertThat(running(marker)).as("the call's statement is running on the server").isOne();
    }

    private void awaitNotRunning(String marker) throws Exception {
        for (int i = 0; i < 1000 && running(marker) > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(running(marker)).as("the server stopped the statement").isZero();
    }

    private long running(String marker) throws Exception {
        try (Connection c = db().admin();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(runningSql(marker))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void theConnectionTestNamesTheServerAndTheUser() {
        ConnectionTest verdict = client.test();

        assertThat(verdict.ok()).as(verdict.message()).isTrue();
        assertThat(verdict.message()).startsWith("connected to " + db().connector.spec().title() + " ")
                .contains(" as " + db().adminUser);
    }

    @Test
    void anUnreachableServerIsARetryableErrorAndAFailedConnectionTest() throws Exception {
        try (SystemClient unreachable = db().connector
                .open(db().system().withConfig(db().config().put("port", 1)))) {
            ConnectorException[] thrown = new ConnectorException[1];
            assertThatThrownBy(() -> unreachable.invoke(call("query", "{\"sql\": \"SELECT 1\"}")))
                    .isInstanceOf(ConnectorException.class)
                    .satisfies(e -> thrown[0] = (ConnectorException) e);

            assertThat(thrown[0].code()).isEqualTo(db().id() + ".unreachable");
            assertThat(thrown[0].retryable()).isTrue();
            assertThat(unreachable.test().ok()).isFalse();
            assertThat(unreachable.test().message()).contains("cannot reach", "127.0.0.1:1");
        }
    }

    @Test
    void aDatabaseThatDoesNotExistIsNamedInTheConnectionTest() throws Exception {
        try (SystemClient wrong = db().connector.open(db().system(new Credential.Basic(db().adminUser, ""))
                .withConfig(db().config().put("database", "weft_no_such_db")))) {
            ConnectionTest verdict = wrong.test();

            assertThat(verdict.ok()).isFalse();
            assertThat(verdict.message()).contains("weft_no_such_db", "config.database");
        }
    }
}
