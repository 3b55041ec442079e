package dev.weft.bench.sync;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The benchmark's tables: a PostgreSQL table of customers filled by {@code generate_series}, empty MariaDB
 * tables of the same shape, and a checksum of the synced columns that both databases compute alike. The
 * rows are what a CRM's customer table holds: names, e-mail, phone, city, country, a credit limit and a
 * modified-at timestamp, distinct per row so that the cursor orders them.
 */
final class SyncTables {
    static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/test";
    /** The columns the sync carries, in the order the checksum joins them. */
    static final String COLUMNS = "id, first_name, last_name, email, phone, city, country, credit_limit";
    static final String[] CITIES = {"Berlin", "Paris", "Lisbon", "Oslo", "Rome", "Vienna", "Dublin",
            "Prague"};
    static final String[] COUNTRIES = {"DE", "FR", "PT", "NO", "IT", "AT", "IE", "CZ"};

    private SyncTables() {
    }

    static Connection postgres() throws SQLException {
        Connection c = DriverManager.getConnection(PG_URL, "postgres", "");
        sql(c, "SET TIME ZONE 'UTC'");
        return c;
    }

    /** A MariaDB connection with the driver's defaults plus {@code options} (URL query text, may be empty). */
    static Connection mariadb(String options) throws SQLException {
        Connection c = DriverManager.getConnection(MARIADB_URL + (options.isEmpty() ? "" : "?" + options),
                "root",
                "");
        sql(c, "SET time_zone = '+00:00'");
        return c;
    }

    /**
     * The source table with {@code rows} customers and an index on (updated_at, id), the order the sync reads
     * changes in; the same values as {@link RawJdbc#row} makes in memory.
     */
    static void createSource(Connection pg, String table, int rows) throws SQLException {
        sql(pg, "CREATE TABLE " + table + " (id bigint PRIMARY KEY, first_name text NOT NULL,"
                + " last_name text NOT NULL, email text NOT NULL, phone text, city text, country text,"
                + " credit_limit numeric(12,2) NOT NULL, updated_at timestamptz(6) NOT NULL)",
                "INSERT INTO " + table + " SELECT g, 'First' || g, 'Last' || g, 'c' || g || '@example.com',"
                        + " '+1-555-' || lpad((g % 10000000)::text, 7, '0'),"
                        + " (ARRAY" + array(CITIES) + ")[g % 8 + 1], (ARRAY" + array(COUNTRIES)
                        + ")[g % 8 + 1],"
                        + " (g % 1000) * 10.5, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 millisecond'"
                        + " FROM generate_series(1, " + rows + ") g",
                "CREATE INDEX ON " + table + " (updated_at, id)", "ANALYZE " + table);
    }

    /**
     * An empty target table. Its updated_at is MariaDB's own modified-at (as an ERP's is), not copied: the
     * connector hands a timestamptz over as ISO-8601 text with a {@code Z}, which a MariaDB TIMESTAMP refuses.
     */
    static void createTarget(Connection maria, String table) throws SQLException {
        sql(maria, "DROP TABLE IF EXISTS " + table, "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY,"
                + " first_name VARCHAR(100) NOT NULL, last_name VARCHAR(100) NOT NULL, email VARCHAR(200) NOT NULL,"
                + " phone VARCHAR(40), city VARCHAR(100), country CHAR(2), credit_limit DECIMAL(12,2) NOT NULL,"
                + " updated_at TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6))"
                + " ENGINE=InnoDB");
    }

    /** Row count and the sum of each row's first 32 bits of MD5 over the synced columns joined by '|'. */
    record Checksum(long rows, String sum) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d rows, sum %s", rows, sum);
        }
    }

    static Checksum postgresChecksum(Connection pg, String table) throws SQLException {
        return checksum(pg, "SELECT count(*), coalesce(sum(('x' || substr(md5(concat_ws('|', " + COLUMNS
                + ")), 1, 8))::bit(32)::bigint), 0)::text FROM " + table);
    }

    static Checksum mariadbChecksum(Connection maria, String table) throws SQLException {
        return checksum(maria, "SELECT count(*), CAST(coalesce(sum(CAST(CONV(SUBSTR(MD5(CONCAT_WS('|', "
                + COLUMNS + ")), 1, 8), 16, 10) AS UNSIGNED)), 0) AS CHAR) FROM " + table);
    }

    private static Checksum checksum(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return new Checksum(rs.getLong(1), rs.getString(2));
        }
    }

    static void sql(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static String array(String[] values) {
        StringBuilder a = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            a.append(i > 0 ? ", " : "").append('\'').append(values[i]).append('\'');
        }
        return a.append(']').toString();
    }
}
