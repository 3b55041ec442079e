package dev.weft.store.jdbc;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach a PostgreSQL database. Immutable; {@link #toString()} leaves the password out, and the
 * parameters of the URL with it, since a URL may carry one too.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/database}, with any driver parameters
 * @param user null to take it from the URL (or the driver's default)
 * @param password null to take it from the URL, or when the server asks for none
 * @param poolSize the most connections this process opens
 * @param schema the schema that holds Weft's tables, created if missing; null for the connection's
 *     default ({@code public} unless the URL sets {@code currentSchema})
 * @param owner the role that owns the tables and migrates them, when it is not {@code user}; the
 *     application then works as {@code user}, which is granted what it needs and nothing more (it cannot
 *     change or delete an audit entry); null when {@code user} migrates and owns them
 * @param ownerPassword the owner's password; null when the server asks for none
 */
public record PostgresSettings(String jdbcUrl, String user, String password, int poolSize, String schema,
        String owner, String ownerPassword) {

    public static final int DEFAULT_POOL_SIZE = 10;

    private static final String PREFIX = "jdbc:postgresql:";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public PostgresSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException(
                    "jdbcUrl must start with " + PREFIX + ", but was " + withoutParameters(jdbcUrl));
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, but was " + poolSize);
        }
        if (schema != null && !IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be a lower-case SQL name (letters, digits and _,"
                    + " not starting with a digit), but was " + schema);
        }
    }

    /** The database at {@code jdbcUrl}, with the credentials the URL names, the default pool and schema. */
    public static PostgresSettings of(String jdbcUrl) {
        return new PostgresSettings(jdbcUrl, null, null, DEFAULT_POOL_SIZE, null);
    }

    /** Settings where {@code user} migrates and owns the tables. */
    public PostgresSettings(String jdbcUrl, String user, String password, int poolSize, String schema) {
        this(jdbcUrl, user, password, poolSize, schema, null, null);
    }

    public PostgresSettings withCredentials(String user, String password) {
        return new PostgresSettings(jdbcUrl, user, password, poolSize, schema, owner, ownerPassword);
    }

    /** Migrates as {@code owner}, and works as {@link #user}. */
    public PostgresSettings withOwner(String owner, String ownerPassword) {
        return new PostgresSettings(jdbcUrl, user, password, poolSize, schema, owner, ownerPassword);
    }

    public PostgresSettings withPoolSize(int poolSize) {
        return new PostgresSettings(jdbcUrl, user, password, poolSize, schema, owner, ownerPassword);
    }

    public PostgresSettings withSchema(String schema) {
        return new PostgresSettings(jdbcUrl, user, password, poolSize, schema, owner, ownerPassword);
    }

    /** {@code postgresql://host:port/database}, and the schema if one is set: no user, no password. */
    String describe() {
        String where = withoutParameters(jdbcUrl).substring("jdbc:".length());
        // The driver takes no user:password@ in the URL, but a hand-written one may still carry it.
        int hostStart = where.startsWith("postgresql://") ? "postgresql://".length() : -1;
        int hostEnd = hostStart < 0 ? -1 : where.indexOf('/', hostStart);
        int at = hostStart < 0 ? -1 : where.lastIndexOf('@', hostEnd < 0 ? where.length() : hostEnd);
        if (at >= hostStart && hostStart >= 0) {
            where = "postgresql://" + where.substring(at + 1);
        }
        return schema == null ? where : where + " schema " + schema;
    }

    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + describe() + ", user=" + user + ", password="
                + (password == null ? "none" : "(hidden)") + (owner == null
                        ? ""
                        : ", owner=" + owner
                                + ", ownerPassword=" + (ownerPassword == null ? "none" : "(hidden)"))
                + ", poolSize=" + poolSize + "]";
    }
}
