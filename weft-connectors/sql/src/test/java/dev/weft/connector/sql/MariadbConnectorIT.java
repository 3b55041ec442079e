package dev.weft.connector.sql;

/** The {@code mariadb} connector's operations against MariaDB on 127.0.0.1:3306. */
class MariadbConnectorIT extends OperationCases {

    @Override
    protected TestDatabase db() {
        return TestDatabase.MARIADB;
    }

    @Override
    protected String typesColumns() {
        return "(i INT, b BIGINT, d DECIMAL(10,2), f DOUBLE, flag BOOLEAN, s VARCHAR(20), day DATE,"
                + " at_local DATETIME(6), at_instant TIMESTAMP(6) NULL, doc JSON, raw VARBINARY(10), nothing INT)";
    }

    @Override
    protected String typesRow() {
        // The admin session is in UTC, so the TIMESTAMP is stored as 10:00:00.5 UTC.
        return "(1, 12345678901234, 19.90, 1.5, true, 'héllo', '2024-05-01', '2024-05-01 10:00:00.123456',"
                + " '2024-05-01 10:00:00.5', '{\"a\": [1, 2]}', x'01ff', NULL)";
    }

    @Override
    protected String typesExpected() {
        return """
                {"i": 1, "b": 12345678901234, "d": 19.90, "f": 1.5, "flag": true, "s": "héllo", "day": "2024-05-01",
                 "at_local": "2024-05-01T10:00:00.123456", "at_instant": "2024-05-01T10:00:00.500Z",
                 "doc": {"a": [1, 2]}, "raw": "Af8=", "nothing": null}
                """;
    }

    @Override
    protected String sleepSql(String marker) {
        return "SELECT SLEEP(60) AS " + marker;
    }

    @Override
    protected String runningSql(String marker) {
        return "SELECT count(*) FROM information_schema.processlist WHERE info LIKE '%" + marker
                + "%' AND id <> CONNECTION_ID()";
    }
}
