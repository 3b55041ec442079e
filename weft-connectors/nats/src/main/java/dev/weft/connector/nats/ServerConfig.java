package dev.weft.connector.nats;

import dev.weft.connector.Inputs;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import io.nats.client.Options;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;

/**
 * Where a system's NATS servers are and how to connect to them, from the system's {@code config}: the
 * server URLs, TLS and the connection timeout. Immutable.
 *
 * @param servers {@code nats://host:port} or {@code tls://host:port} URLs, never with a user or password
 *     in them (those belong in the credential)
 */
record ServerConfig(List<String> servers, boolean tls, Duration connectionTimeout) {
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    /** Between attempts to reconnect a lost connection; jnats keeps trying for as long as the client lives. */
    static final Duration RECONNECT_WAIT = Duration.ofSeconds(1);
    private static final Set<String> FIELDS = Set.of("servers", "tls", "connectionTimeout");
    private static final Set<String> SCHEMES = Set.of("nats", "tls");

    ServerConfig {
        servers = List.copyOf(servers);
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("servers must name at least one server");
        }
    }

    /** Reads a system's config; every problem names the field. */
    static ServerConfig from(JsonNode config) throws ConnectorException {
        Inputs fields = new Inputs("system config", "nats.config");
        if (config.isObject() && config.isEmpty()) {
            throw fields.invalid("servers", "is required: a nats step needs a system whose config lists its"
                    + " servers, such as [\"nats://127.0.0.1:4222\"]");
        }
        fields.requireObject(config, FIELDS);
        List<String> servers = fields.strings(config, "servers", "nats://127.0.0.1:4222");
        for (String server : servers) {
            check(fields, server);
        }
        boolean tls = fields.bool(config, "tls", false);
        int timeout = fields.integer(config, "connectionTimeout", (int) CONNECTION_TIMEOUT.toMillis(), 1,
                Integer.MAX_VALUE);
        return new ServerConfig(servers, tls, Duration.ofMillis(timeout));
    }

    private static void check(Inputs fields, String server) throws ConnectorException {
        URI uri;
        try {
            uri = new URI(server);
        } catch (URISyntaxException e) {
            throw fields.invalid("servers", "holds '" + server + "', which is not a URL: write it as"
                    + " nats://host:4222");
        }
        if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null) {
            throw fields.invalid("servers", "holds '" + server + "': write each server as nats://host:4222"
                    + " (or tls://host:4222)");
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo the URL: its user part may hold a password or token.
            throw fields.invalid("servers", "holds a URL with a user or token in it: remove it from the URL"
                    + " and give it as the system's credential (basic or secret)");
        }
    }

    /** For messages: the server URLs (they never hold a credential, see {@link #from}). */
    String where() {
        return String.join(", ", servers);
    }

    /**
     * Connection options as {@code credential} (a user and password, a token, or none): reconnecting for
     * as long as the connection is open, to the configured servers only, TLS checked against the JVM's
     * trust store when asked for.
     */
    Options options(Credential credential, String connectionName, Logger log) throws ConnectorException {
        Options.Builder options = new Options.Builder()
                .servers(servers.toArray(String[]::new))
                // Only the configured servers, which the egress policy checked: not the addresses a server
                // advertises for its cluster, which nothing checked.
                .ignoreDiscoveredServers()
                .connectionName(connectionName)
                .connectionTimeout(connectionTimeout)
                .maxReconnects(-1)
                .reconnectWait(RECONNECT_WAIT)
                .errorListener(new ClientEvents(log, connectionName))
                .connectionListener(new ClientEvents(log, connectionName));
        switch (credential) {
            case null -> {
            }
            case Credential.Basic b ->
                options.userInfo(b.username().toCharArray(), b.password().toCharArray());
            case Credential.Secret s -> options.token(s.value().toCharArray());
            default -> throw ConnectorException.permanent("nats.credential", "the nats connector takes a"
                    + " basic credential (user and password) or a secret (a token), not a credential of type "
                    + credential.type().wireName(), null, null);
        }
        if (tls) {
            try {
                // The JVM's trust store: never a trust-everything context.
                options.sslContext(SSLContext.getDefault());
            } catch (NoSuchAlgorithmException e) {
                throw ConnectorException.permanent("nats.config", "config.tls: this JVM has no default TLS"
                        + " context (" + e.getMessage() + "); set tls to false or fix the JVM's TLS set-up",
                        null, e);
            }
        }
        return options.build();
    }
}
