package dev.weft.connector.sql;

import dev.weft.connector.ConnectorException;
import java.util.regex.Pattern;

/**
 * Table and column names taken from a step's input or a trigger's configuration. They are checked against
 * a plain spelling (letters, digits, {@code _} and {@code $}, not starting with a digit) and then quoted,
 * so that a name is never read as SQL; quoting also means a name matches exactly as written (on PostgreSQL,
 * {@code Orders} is not {@code orders}). Stateless.
 */
final class Identifiers {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    private Identifiers() {
    }

    /** A column name, quoted; {@code field} names where it came from, for the error. */
    static String column(Dialect dialect, String operation, String field, String name)
            throws ConnectorException {
        check(dialect, operation, field, name, "a column name");
        return dialect.quote(name);
    }

    /** A table name, optionally qualified by its schema ({@code sales.orders}), quoted part by part. */
    static String table(Dialect dialect, String operation, String field, String name)
            throws ConnectorException {
        String[] parts = name.split("\\.", -1);
        if (parts.length > 2) {
            throw invalid(dialect, operation, field, name, "a table name or schema.table");
        }
        StringBuilder quoted = new StringBuilder();
        for (String part : parts) {
            check(dialect, operation, field, part.isEmpty() ? name : part, "a table name or schema.table");
            quoted.append(quoted.isEmpty() ? "" : ".").append(dialect.quote(part));
        }
        return quoted.toString();
    }

    private static void check(Dialect dialect, String operation, String field, String name, String what)
            throws ConnectorException {
        if (!NAME.matcher(name).matches() || name.length() > dialect.maxIdentifierLength()) {
            throw invalid(dialect, operation, field, name, what);
        }
    }

    private static ConnectorException invalid(Dialect dialect, String operation, String field, String name,
            String what) {
        return Inputs.invalid(dialect, operation, field,
                "must be " + what + " of letters, digits, _ and $ (not starting with a digit, at most "
                        + dialect.maxIdentifierLength() + " characters), but was '" + name
                        + "'; names are quoted, so they match exactly as written");
    }
}
