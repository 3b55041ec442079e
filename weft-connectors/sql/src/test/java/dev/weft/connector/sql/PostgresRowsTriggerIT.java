package dev.weft.connector.sql;

/** The {@code postgres.rows} trigger against PostgreSQL on 127.0.0.1:5432. */
class PostgresRowsTriggerIT extends RowsTriggerCases {

    @Override
    protected TestDatabase db() {
        return TestDatabase.POSTGRES;
    }

    @Override
    protected String instantType() {
        return "TIMESTAMPTZ(6)";
    }
}
