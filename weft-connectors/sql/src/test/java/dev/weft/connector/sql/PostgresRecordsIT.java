package dev.weft.connector.sql;

/** The {@code postgres} record operations against PostgreSQL on 127.0.0.1:5432. */
class PostgresRecordsIT extends RecordCases {

    @Override
    protected TestDatabase db() {
        return TestDatabase.POSTGRES;
    }

    @Override
    protected String serialKey() {
        return "BIGSERIAL PRIMARY KEY";
    }
}
