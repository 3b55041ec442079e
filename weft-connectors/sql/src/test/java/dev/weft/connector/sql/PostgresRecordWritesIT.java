package dev.weft.connector.sql;

/** {@code postgres.write_records} and {@code .delete_records} against PostgreSQL on 127.0.0.1:5432. */
class PostgresRecordWritesIT extends RecordWriteCases {

    @Override
    protected TestDatabase db() {
        return TestDatabase.POSTGRES;
    }

    @Override
    protected String serialKey() {
        return "BIGSERIAL PRIMARY KEY";
    }
}
