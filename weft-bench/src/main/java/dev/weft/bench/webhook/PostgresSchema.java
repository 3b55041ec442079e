package dev.weft.bench.webhook;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * {@code PostgresSchema create|drop JDBC_URL NAME}: the fresh schema a benchmark server runs in, made
 * before it starts and dropped after it stops (scripts/bench-webhook).
 */
public final class PostgresSchema {
    private PostgresSchema() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !args[2].matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("usage: PostgresSchema create|drop JDBC_URL lower_case_name");
        }
        String sql = switch (args[0]) {
            case "create" -> "CREATE SCHEMA " + args[2];
            case "drop" -> "DROP SCHEMA IF EXISTS " + args[2] + " CASCADE";
            default -> throw new IllegalArgumentException("create or drop, but was " + args[0]);
        };
        try (Connection c = DriverManager.getConnection(args[1]); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
