package dev.weft.connector.sql;

/** The {@code mariadb.rows} trigger against MariaDB on 127.0.0.1:3306. */
class MariadbRowsTriggerIT extends RowsTriggerCases {

    @Override
    protected TestDatabase db() {
        return TestDatabase.MARIADB;
    }

    @Override
    protected String instantType() {
        return "TIMESTAMP(6) NULL";
    }
}
