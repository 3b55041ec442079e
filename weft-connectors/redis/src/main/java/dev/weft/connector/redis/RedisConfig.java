package dev.weft.connector.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import java.util.Optional;
import javax.net.ssl.SSLParameters;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

/**
 * A system's configuration: where Redis listens, which database, TLS, the timeout and the pool size.
 * Immutable; {@link #parse} reads it from the system's {@code config}.
 *
 * @param timeoutMillis connect and command timeout, and how long a call waits for a pooled connection
 */
record RedisConfig(String host, int port, int database, boolean tls, int timeoutMillis, int maxConnections) {
    static final int DEFAULT_PORT = 6379;
    static final int DEFAULT_TIMEOUT_MILLIS = 2_000;
    static final int DEFAULT_MAX_CONNECTIONS = 16;

    RedisConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("config.host is required: give the Redis server's host name");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("config.port must be between 1 and 65535, but was " + port);
        }
        if (database < 0) {
            throw new IllegalArgumentException("config.database must be 0 or more, but was " + database);
        }
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException(
                    "config.timeout must be at least 1 (milliseconds), but was " + timeoutMillis);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException(
                    "config.maxConnections must be at least 1, but was " + maxConnections);
        }
    }

    /** Reads a system's {@code config}; a missing or bad field is a permanent {@code redis.config} error. */
    static RedisConfig parse(JsonNode config) throws ConnectorException {
        try {
            return new RedisConfig(config.path("host").asText(""), intOf(config, "port", DEFAULT_PORT),
                    intOf(config, "database", 0), config.path("tls").asBoolean(false),
                    intOf(config, "timeout", DEFAULT_TIMEOUT_MILLIS),
                    intOf(config, "maxConnections", DEFAULT_MAX_CONNECTIONS));
        } catch (IllegalArgumentException e) {
            throw ConnectorException.permanent("redis.config", e.getMessage(), null, null);
        }
    }

    private static int intOf(JsonNode config, String field, int fallback) {
        JsonNode value = config.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("config." + field + " must be an integer, but was " + value);
        }
        return value.intValue();
    }

    HostAndPort address() {
        return new HostAndPort(host, port);
    }

    /** Where and as whom, for messages: never a password. */
    String describe(Optional<Credential> credential) {
        return host + ":" + port + " database " + database + " as " + user(credential);
    }

    static String user(Optional<Credential> credential) {
        return credential.orElse(null) instanceof Credential.Basic basic ? basic.username() : "default";
    }

    /**
     * The Jedis client configuration: timeouts, database, TLS with host-name verification, the
     * credential (SECRET: the default user's password; BASIC: an ACL user and password) and a client
     * name that shows in {@code CLIENT LIST}.
     *
     * @param blockingMillis how long a blocking command (XREADGROUP BLOCK) may keep the socket quiet, 0
     *     for connections that send none
     */
    JedisClientConfig clientConfig(Optional<Credential> credential, String clientName, int blockingMillis)
            throws ConnectorException {
        DefaultJedisClientConfig.Builder builder = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis).socketTimeoutMillis(timeoutMillis)
                .blockingSocketTimeoutMillis(blockingMillis).database(database)
                .clientName(clientName)
                // CLIENT SETINFO exists from Redis 7.2 on; older servers answer it with an error.
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (tls) {
            SSLParameters verifyHost = new SSLParameters();
            // Jedis checks no host name by itself: let the JDK check it against the certificate.
            verifyHost.setEndpointIdentificationAlgorithm("HTTPS");
            builder.ssl(true).sslParameters(verifyHost);
        }
        switch (credential.orElse(null)) {
            case null -> {
            }
            case Credential.Secret secret -> builder.password(secret.value());
            case Credential.Basic basic -> builder.user(basic.username()).password(basic.password());
            default -> throw ConnectorException.permanent("redis.credential",
                    "a Redis system takes a secret (the default user's password) or a basic credential (an"
                            + " ACL user and password), not " + credential.get().type().wireName(),
                    null, null);
        }
        return builder.build();
    }

    /** A name Redis accepts for CLIENT SETNAME (no spaces or special characters). */
    static String clientName(String systemId, String purpose) {
        return ("weft-" + systemId + "-" + purpose).replaceAll("[^!-~]", "_");
    }
}
