package dev.weft.connector.mqtt;

import dev.weft.connector.Inputs;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * Where a system's broker is and how to talk to it, from the system's {@code config}: host, port, TLS,
 * the client id prefix, keep-alive and connection timeout. Immutable.
 */
record BrokerConfig(String host, int port, boolean tls, String clientIdPrefix, Duration keepAlive,
        Duration connectionTimeout) {
    static final int PORT = 1883;
    static final int TLS_PORT = 8883;
    static final String CLIENT_ID_PREFIX = "weft";
    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);

    BrokerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(clientIdPrefix, "clientIdPrefix");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, but was " + port);
        }
    }

    /** Reads a system's config; every problem names the field. */
    static BrokerConfig from(JsonNode config) throws ConnectorException {
        Inputs fields = new Inputs("system config", "mqtt.config");
        fields.requireObject(config, java.util.Set.of("host", "port", "tls", "clientIdPrefix", "keepAlive",
                "connectionTimeout"));
        String host = fields.required(config, "host", "127.0.0.1");
        if (host.isBlank()) {
            throw fields.invalid("host", "must not be blank: give the broker's host name or address");
        }
        boolean tls = fields.bool(config, "tls", false);
        int port = fields.integer(config, "port", tls ? TLS_PORT : PORT, 1, 65535);
        String prefix = fields.text(config, "clientIdPrefix", CLIENT_ID_PREFIX);
        if (!prefix.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw fields.invalid("clientIdPrefix",
                    "must be 1 to 32 letters, digits, '_', '.' or '-', but was '"
                            + prefix + "'");
        }
        int keepAlive = fields.integer(config, "keepAlive", (int) KEEP_ALIVE.toSeconds(), 0, 65535);
        int timeout = fields.integer(config, "connectionTimeout", (int) CONNECTION_TIMEOUT.toSeconds(), 1,
                3600);
        return new BrokerConfig(host, port, tls, prefix, Duration.ofSeconds(keepAlive),
                Duration.ofSeconds(timeout));
    }

    /** The broker's URI for Paho and for messages: {@code tcp://127.0.0.1:1883}; it holds no credential. */
    String uri() {
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    /**
     * Connect options as {@code credential} (anonymous without one). Automatic reconnection is off: the
     * publisher reconnects on the next call and a subscription reconnects on its own thread, each with a
     * new client, so that an acknowledgement never goes out on a connection other than the message's.
     */
    MqttConnectOptions options(Optional<Credential.Basic> credential, boolean cleanSession)
            throws ConnectorException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval((int) keepAlive.toSeconds());
        options.setConnectionTimeout((int) connectionTimeout.toSeconds());
        // Many steps may publish at once; the default of 10 unacknowledged messages would refuse the 11th.
        options.setMaxInflight(1000);
        credential.ifPresent(c -> {
            options.setUserName(c.username());
            options.setPassword(c.password().toCharArray());
        });
        if (tls) {
            try {
                // The JVM's trust store and a host name check: never a trust-everything context.
                options.setSocketFactory(SSLContext.getDefault().getSocketFactory());
                options.setHttpsHostnameVerificationEnabled(true);
            } catch (NoSuchAlgorithmException e) {
                throw ConnectorException.permanent("mqtt.config", "config.tls: this JVM has no default TLS"
                        + " context (" + e.getMessage() + "); set tls to false or fix the JVM's TLS set-up",
                        null, e);
            }
        }
        return options;
    }
}
