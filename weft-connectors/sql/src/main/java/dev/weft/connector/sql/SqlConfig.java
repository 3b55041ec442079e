package dev.weft.connector.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A system's configuration and credential, checked, and the JDBC URL and driver properties made from
 * them. The URL is built here from checked parts and never holds the user or password: they go to the
 * driver as properties, so no URL that is logged or put in a message can carry them.
 *
 * @param ssl {@code disable}, {@code prefer} (PostgreSQL only), {@code require}, {@code verify-ca} or
 *     {@code verify-full}
 */
record SqlConfig(Dialect dialect, String host, int port, String database, String schema, String ssl,
        int maxPoolSize, Duration connectionTimeout, String username, String password) {

    static final int DEFAULT_MAX_POOL_SIZE = 5;
    static final int MAX_POOL_SIZE = 100;
    static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    /** HikariCP refuses less. */
    static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);
    static final Set<String> POSTGRES_SSL = Set.of("disable", "prefer", "require", "verify-ca",
            "verify-full");
    static final Set<String> MARIADB_SSL = Set.of("disable", "require", "verify-ca", "verify-full");

    /** A DNS name, an IPv4 address or a bracketed IPv6 address: nothing that could end the URL's host. */
    private static final Pattern HOST = Pattern
            .compile(
                    "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
                            + "|\\[[0-9A-Fa-f:.]+]");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z0-9_$-]{1,64}");

    @Override
    public String toString() {
        return "SqlConfig[" + dialect.id() + "://" + host + ":" + port + "/" + database + ", user=" + username
                + ", password=***]";
    }

    /** Reads and checks a system's config and credential; every refusal names the field and the fix. */
    static SqlConfig of(Dialect dialect, JsonNode config, Optional<Credential> credential)
            throws ConnectorException {
        if (!config.hasNonNull("host") && !config.hasNonNull("database")) {
            throw ConnectorException.permanent(dialect.id() + ".config", "a " + dialect.product()
                    + " step needs a system that names the server: give the step a system whose connector is "
                    + dialect.id() + " (config host and database, a basic credential)", null, null);
        }
        String host = text(dialect, config, "host", null);
        if (!HOST.matcher(host).matches()) {
            throw invalid(dialect, "host",
                    "must be a host name or an IP address (IPv6 in brackets), but was '"
                            + host + "'");
        }
        int port = number(dialect, config, "port", dialect.defaultPort(), 1, 65_535);
        String database = text(dialect, config, "database", null);
        if (!DATABASE.matcher(database).matches()) {
            throw invalid(dialect, "database",
                    "must be a database name of letters, digits, _, $ and -, but was '" + database + "'");
        }
        String schema = config.hasNonNull("schema") ? text(dialect, config, "schema", null) : null;
        if (schema != null && dialect != Dialect.POSTGRES) {
            throw invalid(dialect, "schema", "is for PostgreSQL only: on " + dialect.product()
                    + " a schema is a database, so name it in 'database'");
        }
        if (schema != null && !schema.matches("[A-Za-z_][A-Za-z0-9_$]{0,62}")) {
            throw invalid(dialect, "schema", "must be a schema name of letters, digits, _ and $, but was '"
                    + schema + "'");
        }
        Set<String> modes = dialect == Dialect.POSTGRES ? POSTGRES_SSL : MARIADB_SSL;
        String ssl = text(dialect, config, "ssl", defaultSsl(dialect));
        if (!modes.contains(ssl)) {
            throw invalid(dialect, "ssl", "must be one of " + modes + ", but was '" + ssl + "'");
        }
        int pool = number(dialect, config, "maxPoolSize", DEFAULT_MAX_POOL_SIZE, 1, MAX_POOL_SIZE);
        int timeout = number(dialect, config, "connectionTimeout",
                (int) DEFAULT_CONNECTION_TIMEOUT.toMillis(),
                (int) MIN_CONNECTION_TIMEOUT.toMillis(), 600_000);
        if (credential.isEmpty() || !(credential.get() instanceof Credential.Basic basic)) {
            throw ConnectorException.permanent(dialect.id() + ".credential", "a " + dialect.product()
                    + " system needs a credential of type basic (username and password), but "
                    + (credential.isEmpty()
                            ? "it names none"
                            : "it names one of type "
                                    + credential.get().type().wireName()),
                    null, null);
        }
        if (basic.username().isBlank()) {
            throw ConnectorException.permanent(dialect.id() + ".credential",
                    "the system's basic credential has an empty username: give the database user", null,
                    null);
        }
        return new SqlConfig(dialect, host, port, database, schema, ssl, pool, Duration.ofMillis(timeout),
                basic.username(), basic.password());
    }

    static String defaultSsl(Dialect dialect) {
        return dialect == Dialect.POSTGRES ? "prefer" : "disable";
    }

    String jdbcUrl() {
        return dialect.jdbcUrl(host, port, database);
    }

    /** Where, for messages: {@code PostgreSQL at db.internal:5432, database sales}. */
    String where() {
        return dialect.product() + " at " + host + ":" + port + ", database " + database;
    }

    /** The driver's properties, without the user and password (the pool passes those). */
    Properties driverProperties() {
        Properties p = new Properties();
        String connectSeconds = Long.toString(Math.max(1, connectionTimeout.toSeconds()));
        switch (dialect) {
            case POSTGRES -> {
                p.setProperty("sslmode", ssl);
                p.setProperty("connectTimeout", connectSeconds);
                p.setProperty("ApplicationName", "weft");
                // Strings are sent untyped, so that the server reads them as the column's type: an ISO-8601
                // string into a timestamptz, a UUID, a JSON document into jsonb.
                p.setProperty("stringtype", "unspecified");
                // One multi-row INSERT per batch instead of one round trip per row.
                p.setProperty("reWriteBatchedInserts", "true");
                if (schema != null) {
                    p.setProperty("currentSchema", schema);
                }
            }
            case MARIADB -> {
                p.setProperty("sslMode", switch (ssl) {
                    case "require" -> "trust";
                    default -> ssl;
                });
                p.setProperty("connectTimeout", Long.toString(connectionTimeout.toMillis()));
                // LOAD DATA LOCAL INFILE would let SQL (or a hostile server) read this machine's files.
                p.setProperty("allowLocalInfile", "false");
                p.setProperty("allowMultiQueries", "false");
            }
        }
        return p;
    }

    /** Run on every new pooled connection. */
    String connectionInitSql() {
        // TIMESTAMP values are read and written in UTC, whatever the server's or the JVM's zone.
        return dialect == Dialect.POSTGRES ? "SET TIME ZONE 'UTC'" : "SET time_zone = '+00:00'";
    }

    private static String text(Dialect dialect, JsonNode config, String field, String fallback)
            throws ConnectorException {
        JsonNode value = config.get(field);
        if (value == null || value.isNull()) {
            if (fallback != null) {
                return fallback;
            }
            throw invalid(dialect, field, "is required");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw invalid(dialect, field, "must be a non-empty string, but was " + Inputs.shown(value));
        }
        return value.textValue();
    }

    private static int number(Dialect dialect, JsonNode config, String field, int fallback, int min, int max)
            throws ConnectorException {
        JsonNode value = config.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min
                || value.intValue() > max) {
            throw invalid(dialect, field,
                    "must be a whole number from " + min + " to " + max + ", but was " + Inputs.shown(value));
        }
        return value.intValue();
    }

    private static ConnectorException invalid(Dialect dialect, String field, String problem) {
        return ConnectorException.permanent(dialect.id() + ".config",
                "system config: '" + field + "' " + problem, null, null);
    }
}
