package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The {@code postgres} connector's operations against PostgreSQL on 127.0.0.1:5432. */
class PostgresConnectorIT extends OperationCases {

    @Override
    protected TestDatabase db() {
        return TestDatabase.POSTGRES;
    }

    @Override
    protected String typesColumns() {
        return "(i INT, b BIGINT, d NUMERIC(10,2), f DOUBLE PRECISION, flag BOOLEAN, s TEXT, day DATE,"
                + " at_local TIMESTAMP(6), at_instant TIMESTAMPTZ(6), doc JSONB, raw BYTEA, tags TEXT[], u UUID,"
                + " nothing INT)";
    }

    @Override
    protected String typesRow() {
        return "(1, 12345678901234, 19.90, 1.5, true, 'héllo', '2024-05-01', '2024-05-01 10:00:00.123456',"
                + " '2024-05-01 12:00:00.5+02', '{\"a\": [1, 2]}', '\\x01ff', ARRAY['x', 'y'],"
                + " 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', NULL)";
    }

    @Override
    protected String typesExpected() {
        return """
                {"i": 1, "b": 12345678901234, "d": 19.90, "f": 1.5, "flag": true, "s": "héllo", "day": "2024-05-01",
                 "at_local": "2024-05-01T10:00:00.123456", "at_instant": "2024-05-01T10:00:00.500Z",
                 "doc": {"a": [1, 2]}, "raw": "Af8=", "tags": ["x", "y"],
                 "u": "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "nothing": null}
                """;
    }

    @Override
    protected String sleepSql(String marker) {
        return "SELECT pg_sleep(60) AS " + marker;
    }

    @Override
    protected String runningSql(String marker) {
        return "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%" + marker
                + "%' AND pid <> pg_backend_pid()";
    }

    @Test
    void castsJsonOperatorsAndStringsReadAsTheColumnsTypeWorkInQueries() throws Exception {
        insertItem(1, "a", "2024-05-01 10:00:00");

        JsonNode out = invoke("query",
                """
                        {"sql": "SELECT id::text AS id, '{\\"k\\": 1}'::jsonb ?? 'k' AS has_k FROM $T WHERE updated_at < :before",
                         "params": {"before": "2024-05-02T00:00:00"}}
                        """);

        assertSameJson(out.get("rows"), json("[{\"id\": \"1\", \"has_k\": true}]"));
    }

    @Test
    void executeReturnsTheRowsOfInsertReturning() throws Exception {
        JsonNode out = invoke("execute",
                """
                        {"statements": [{"sql": "INSERT INTO $T (id, name, updated_at) VALUES (7, :name, now()) RETURNING id, name",
                                         "params": {"name": "Ada"}}]}
                        """);

        assertSameJson(out.get("results").get(0), json("""
                {"updateCount": 1, "rows": [{"id": 7, "name": "Ada"}], "rowCount": 1, "truncated": false}
                """));
    }
}
