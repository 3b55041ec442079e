package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code mariadb.write_records} and {@code .delete_records} against MariaDB on 127.0.0.1:3306. */
class MariadbRecordWritesIT extends RecordWriteCases {

    @Override
    protected TestDatabase db() {
        return TestDatabase.MARIADB;
    }

    @Override
    protected String serialKey() {
        return "BIGINT AUTO_INCREMENT PRIMARY KEY";
    }

    @Test
    void returningFindsARowWhoseKeyTheCollationEquatesWithTheOneGiven() throws Exception {
        table = newTable("accounts", "(id " + serialKey() + ", email VARCHAR(100) NOT NULL UNIQUE,"
                + " name VARCHAR(100)) COLLATE utf8mb4_general_ci");
        db().sql("INSERT INTO " + table + " (email, name) VALUES ('ada@x.com', 'Ada')");

        JsonNode out = invoke("write_records",
                """
                        {"table": "$T", "key": ["email"], "returning": ["id", "email"], "records": [{"email": "ADA@x.com", "name": "Ada L"}]}
                        """);

        assertSameJson(out, json("""
                {"results": [{"ok": true, "returned": {"id": 1, "email": "ada@x.com"}}]}
                """));
    }
}
