package dev.weft.connector.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.SystemContext;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * A mail system's configuration: its SMTP and IMAP servers (either may be absent), the default sender and
 * the connection timeout, with the credential's user and password. Immutable; {@link #toString()} hides the
 * password.
 */
record MailConfig(Server smtp, Server imap, String from, Duration connectionTimeout, String username,
        String password) {
    static final int DEFAULT_TIMEOUT_MS = 10_000;

    MailConfig {
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
    }

    /** How a connection is secured. */
    enum Tls {
        NONE, STARTTLS, TLS;

        static Tls of(String value, String field) throws ConnectorException {
            for (Tls t : values()) {
                if (t.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return t;
                }
            }
            throw config(field + " must be none, starttls or tls, but was '" + value + "'");
        }
    }

    /** One server: host, port and how it is secured. */
    record Server(String protocol, String host, int port, Tls tls) {
        String where() {
            return protocol.toUpperCase(Locale.ROOT) + " server " + host + ":" + port;
        }
    }

    static MailConfig of(SystemContext context) throws ConnectorException {
        JsonNode config = context.config();
        Server smtp = server(config, "smtp", 587, "starttls");
        Server imap = server(config, "imap", 993, "tls");
        if (smtp == null && imap == null) {
            throw config("config.smtp or config.imap is required: give the SMTP server to send with, the IMAP"
                    + " server to poll, or both");
        }
        int timeout = config.path("connectionTimeout").asInt(DEFAULT_TIMEOUT_MS);
        if (timeout < 1) {
            throw config("config.connectionTimeout must be at least 1 (milliseconds), but was " + timeout);
        }
        Credential credential = context.credential().orElseThrow(() -> config(
                "system '" + context.systemId() + "' names no credential: give it a basic credential with"
                        + " the mailbox's user and password"));
        if (!(credential instanceof Credential.Basic basic)) {
            throw config("system '" + context.systemId() + "' has a " + credential.type().wireName()
                    + " credential; the mail connector takes a basic one (user and password)");
        }
        String from = config.path("from").isTextual() ? config.get("from").textValue() : null;
        return new MailConfig(smtp, imap, from, Duration.ofMillis(timeout), basic.username(),
                basic.password());
    }

    private static Server server(JsonNode config, String name, int defaultPort, String defaultTls)
            throws ConnectorException {
        JsonNode node = config.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        String host = node.path("host").asText("");
        if (host.isBlank()) {
            throw config("config." + name + ".host is required, for example \"mail.example.com\"");
        }
        int port = node.path("port").asInt(defaultPort);
        if (port < 1 || port > 65535) {
            throw config("config." + name + ".port must be from 1 to 65535, but was " + port);
        }
        return new Server(name, host, port,
                Tls.of(node.path("tls").asText(defaultTls), "config." + name + ".tls"));
    }

    /**
     * Session properties for {@code server}: its host, port, TLS mode and socket timeouts ({@code readTimeout}
     * bounds every read and write, so a call cannot outlive its timeout by much).
     */
    Properties properties(Server server, Duration readTimeout) {
        String p = protocol(server);
        Properties props = new Properties();
        props.put("mail.transport.protocol", "smtp");
        props.put("mail.store.protocol", "imap");
        props.put("mail." + p + ".host", server.host());
        props.put("mail." + p + ".port", Integer.toString(server.port()));
        props.put("mail." + p + ".connectiontimeout", Long.toString(connectionTimeout.toMillis()));
        long read = Math.max(1, readTimeout.toMillis());
        props.put("mail." + p + ".timeout", Long.toString(read));
        props.put("mail." + p + ".writetimeout", Long.toString(read));
        props.put("mail." + p + ".auth", "true");
        if (server.tls() == Tls.STARTTLS) {
            props.put("mail." + p + ".starttls.enable", "true");
            props.put("mail." + p + ".starttls.required", "true");
        }
        if (server.tls() != Tls.NONE) {
            props.put("mail." + p + ".ssl.checkserveridentity", "true");
        }
        return props;
    }

    /** The protocol name Jakarta Mail knows the server by ({@code smtps} for implicit TLS). */
    static String protocol(Server server) {
        return server.tls() == Tls.TLS ? server.protocol() + "s" : server.protocol();
    }

    static ConnectorException config(String message) {
        return ConnectorException.permanent("mail.config", message, JsonNodeFactory.instance.objectNode(),
                null);
    }

    @Override
    public String toString() {
        return "MailConfig[smtp=" + smtp + ", imap=" + imap + ", from=" + from + ", connectionTimeout="
                + connectionTimeout + ", username=" + username + ", password=***]";
    }
}
