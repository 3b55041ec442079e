package dev.weft.connector.rabbitmq;

import dev.weft.connector.Inputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.ConnectionFactory;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where a system's broker is and how to talk to it, from the system's {@code config}: host, port, virtual
 * host, TLS, connection timeout and heartbeat. Immutable.
 */
record BrokerConfig(String host, int port, String virtualHost, boolean tls, Duration connectionTimeout,
        Duration heartbeat) {
    static final int PORT = 5672;
    static final int TLS_PORT = 5671;
    static final String VIRTUAL_HOST = "/";
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration HEARTBEAT = Duration.ofSeconds(60);
    /** How long automatic recovery waits between attempts to reconnect. */
    static final Duration RECOVERY_INTERVAL = Duration.ofSeconds(2);

    BrokerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(virtualHost, "virtualHost");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(heartbeat, "heartbeat");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, but was " + port);
        }
    }

    /** Reads a system's config; every problem names the field. */
    static BrokerConfig from(JsonNode config) throws ConnectorException {
        Inputs fields = new Inputs("system config", "rabbitmq.config");
        String host = fields.required(config, "host", "127.0.0.1");
        if (host.isBlank()) {
            throw fields.invalid("host", "must not be blank: give the broker's host name or address");
        }
        boolean tls = fields.bool(config, "tls", false);
        int port = fields.integer(config, "port", tls ? TLS_PORT : PORT, 1, 65535);
        String virtualHost = fields.text(config, "virtualHost", VIRTUAL_HOST);
        int timeout = fields.integer(config, "connectionTimeout", (int) CONNECTION_TIMEOUT.toMillis(), 1,
                Integer.MAX_VALUE);
        int heartbeat = fields.integer(config, "heartbeat", (int) HEARTBEAT.toSeconds(), 0, 65535);
        return new BrokerConfig(host, port, virtualHost, tls, Duration.ofMillis(timeout),
                Duration.ofSeconds(heartbeat));
    }

    /** For messages: {@code amqp://127.0.0.1:5672/ (virtual host /)}, never with a credential. */
    String where() {
        return (tls ? "amqps://" : "amqp://") + host + ":" + port + " (virtual host " + virtualHost + ")";
    }

    /**
     * A factory for connections as {@code credential}, recovering automatically (connection, channels,
     * consumers) after a connection is lost.
     */
    ConnectionFactory factory(Credential.Basic credential) throws ConnectorException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setVirtualHost(virtualHost);
        factory.setUsername(credential.username());
        factory.setPassword(credential.password());
        factory.setConnectionTimeout((int) connectionTimeout.toMillis());
        factory.setHandshakeTimeout((int) connectionTimeout.toMillis());
        factory.setRequestedHeartbeat((int) heartbeat.toSeconds());
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(RECOVERY_INTERVAL.toMillis());
        if (tls) {
            try {
                // The JVM's trust store and a host name check: never a trust-everything context.
                factory.useSslProtocol(SSLContext.getDefault());
            } catch (NoSuchAlgorithmException e) {
                throw ConnectorException.permanent("rabbitmq.config",
                        "config.tls: this JVM has no default TLS context (" + e.getMessage()
                                + "); set tls to false or fix the JVM's TLS set-up",
                        null, e);
            }
            factory.enableHostnameVerification();
        }
        return factory;
    }
}
