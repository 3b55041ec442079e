package dev.weft.bench.sync;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The reference lines: plain JDBC on one thread, no platform in between. {@link #insert} writes rows made in
 * memory into MariaDB, {@link #copy} reads them from PostgreSQL with a cursor and writes them; both as
 * PreparedStatement batches of {@code batch} rows, one transaction per batch.
 */
final class RawJdbc {
    static final String INSERT = "INSERT INTO %s (" + SyncTables.COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private RawJdbc() {
    }

    /** The same values as {@link SyncTables#createSource}'s generate_series gives row {@code g}. */
    static Object[] row(long g) {
        int i = (int) (g % 8);
        return new Object[]{g, "First" + g, "Last" + g, "c" + g + "@example.com",
                phone(g % 10_000_000), SyncTables.CITIES[i], SyncTables.COUNTRIES[i],
                BigDecimal.valueOf((g % 1000) * 105, 1).setScale(2)};
    }

    /** {@code +1-555-} and {@code n} in 7 digits, without a String.format per row in the timed loop. */
    private static String phone(long n) {
        String digits = Long.toString(n);
        return "+1-555-" + "0".repeat(7 - digits.length()) + digits;
    }

    /** Inserts rows 1 to {@code rows} made in memory; returns the seconds it took. */
    static double insert(Connection maria, String table, int rows, int batch) throws SQLException {
        maria.setAutoCommit(false);
        long start = System.nanoTime();
        try (PreparedStatement insert = maria.prepareStatement(INSERT.formatted(table))) {
            for (long g = 1; g <= rows; g++) {
                bind(insert, row(g));
                insert.addBatch();
                if (g % batch == 0 || g == rows) {
                    insert.executeBatch();
                    maria.commit();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        maria.setAutoCommit(true);
        return seconds;
    }

    /**
     * Reads every row of the source in key order through a server-side cursor ({@code fetchSize} rows a round
     * trip) and inserts them; returns the seconds it took.
     */
    static double copy(Connection pg, String source, Connection maria, String table, int batch)
            throws SQLException {
        pg.setAutoCommit(false); // PostgreSQL's driver uses a cursor only inside a transaction
        maria.setAutoCommit(false);
        long start = System.nanoTime();
        try (PreparedStatement select = pg.prepareStatement("SELECT " + SyncTables.COLUMNS + " FROM " + source
                + " ORDER BY id");
                PreparedStatement insert = maria.prepareStatement(INSERT.formatted(table))) {
            select.setFetchSize(batch);
            long n = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    insert.setLong(1, rs.getLong(1));
                    for (int c = 2; c <= 7; c++) {
                        insert.setString(c, rs.getString(c));
                    }
                    insert.setBigDecimal(8, rs.getBigDecimal(8));
                    insert.addBatch();
                    if (++n % batch == 0) {
                        insert.executeBatch();
                        maria.commit();
                    }
                }
            }
            insert.executeBatch();
            maria.commit();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pg.commit();
        pg.setAutoCommit(true);
        maria.setAutoCommit(true);
        return seconds;
    }

    private static void bind(PreparedStatement insert, Object[] row) throws SQLException {
        insert.setLong(1, (Long) row[0]);
        for (int c = 1; c <= 6; c++) {
            insert.setString(c + 1, (String) row[c]);
        }
        insert.setBigDecimal(8, (BigDecimal) row[7]);
    }
}
