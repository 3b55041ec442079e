package dev.weft.connector.sql;

/** The {@code mariadb} record operations against MariaDB on 127.0.0.1:3306. */
class MariadbRecordsIT extends RecordCases {

    @Override
    protected TestDatabase db() {
        return TestDatabase.MARIADB;
    }

    @Override
    protected String serialKey() {
        return "BIGINT AUTO_INCREMENT PRIMARY KEY";
    }
}
