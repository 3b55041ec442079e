package dev.weft.connector.sql;

import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What differs between the databases the SQL connectors speak to: names, defaults, how identifiers are
 * quoted, how an upsert is spelled and how the SQL text is lexed. Everything else is shared. Immutable.
 */
enum Dialect {
    POSTGRES("postgres", "PostgreSQL", 5432, 63, '"'), MARIADB("mariadb", "MariaDB", 3306, 64, '`');

    private final String id;
    private final String product;
    private final int defaultPort;
    private final int maxIdentifierLength;
    private final char identifierQuote;

    Dialect(String id, String product, int defaultPort, int maxIdentifierLength, char identifierQuote) {
        this.id = id;
        this.product = product;
        this.defaultPort = defaultPort;
        this.maxIdentifierLength = maxIdentifierLength;
        this.identifierQuote = identifierQuote;
    }

    /** The connector id, which also starts every operation and error code. */
    String id() {
        return id;
    }

    /** The database's name for people: {@code PostgreSQL}. */
    String product() {
        return product;
    }

    int defaultPort() {
        return defaultPort;
    }

    /** PostgreSQL cuts names at 63 bytes, MariaDB refuses more than 64 characters. */
    int maxIdentifierLength() {
        return maxIdentifierLength;
    }

    /** A name checked by {@link Identifiers}, quoted so that it can never be read as SQL. */
    String quote(String checkedName) {
        return identifierQuote + checkedName + identifierQuote;
    }

    /**
     * An upsert of {@code columns} (already quoted) into {@code table}, the rows conflicting on
     * {@code key} updated with the new values of the other columns.
     */
    String upsert(String table, List<String> columns, List<String> key) {
        return upsert(table, columns, key, 1);
    }

    /** {@link #upsert(String, List, List)} of {@code rows} rows in one statement ({@code VALUES (..), (..)}). */
    String upsert(String table, List<String> columns, List<String> key, int rows) {
        String tuple = "(" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        String insert = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES "
                + String.join(", ", Collections.nCopies(rows, tuple));
        List<String> updated = columns.stream().filter(c -> !key.contains(c)).toList();
        return switch (this) {
            case POSTGRES -> insert + " ON CONFLICT (" + String.join(", ", key) + ") DO "
                    + (updated.isEmpty()
                            ? "NOTHING"
                            : "UPDATE SET " + updated.stream().map(c -> c + " = EXCLUDED." + c)
                                    .collect(Collectors.joining(", ")));
            // MariaDB updates on a conflict with any unique key; with nothing to update, a no-op keeps the
            // row as it is.
            case MARIADB -> insert + " ON DUPLICATE KEY UPDATE " + (updated.isEmpty()
                    ? key.get(0) + " = " + key.get(0)
                    : updated.stream().map(c -> c + " = VALUES(" + c + ")")
                            .collect(Collectors.joining(", ")));
        };
    }

    /** The JDBC URL of {@code host:port/database}; the parts are checked by {@link SqlConfig}. */
    String jdbcUrl(String host, int port, String database) {
        return "jdbc:" + (this == POSTGRES ? "postgresql" : "mariadb") + "://" + host + ":" + port + "/"
                + database;
    }

    /** Whether a backslash escapes the next character inside every string literal (MariaDB's default). */
    boolean backslashEscapes() {
        return this == MARIADB;
    }

    /** PostgreSQL's {@code $tag$ ... $tag$} strings. */
    boolean dollarQuotes() {
        return this == POSTGRES;
    }

    /** MariaDB's {@code `name`} identifiers and {@code #} comments. */
    boolean backticksAndHashComments() {
        return this == MARIADB;
    }

    /**
     * Whether {@code ??} stands for a literal {@code ?} (PostgreSQL's JSON operators, escaped for the
     * driver); MariaDB has no such operator.
     */
    boolean escapedQuestionMarks() {
        return this == POSTGRES;
    }

    /** Whether a column of this database type name holds JSON. */
    boolean isJson(String typeName) {
        String t = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        return t.equals("json") || t.equals("jsonb");
    }

    /** Whether a column of this database type name holds an instant (a time zone-aware timestamp). */
    boolean isInstant(String typeName) {
        String t = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        // MariaDB's TIMESTAMP is stored in UTC and read in the session's zone, which the pool sets to UTC.
        return this == POSTGRES ? t.equals("timestamptz") : t.equals("timestamp");
    }
}
