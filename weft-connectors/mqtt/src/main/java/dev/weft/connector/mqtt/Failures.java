package dev.weft.connector.mqtt;

import dev.weft.connector.ConnectorException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Turns what Paho throws into {@link ConnectorException}s with dotted codes: retryable when the broker
 * was unreachable, timed out or dropped the connection, permanent when it refused the client (bad
 * credential, not authorized, a refused client id) or TLS failed. Messages never hold the password.
 */
final class Failures {
    private Failures() {
    }

    /**
     * @param doing what was being done, for the message: {@code publishing to topic 'a/b'}
     * @param broker {@link BrokerConfig#uri()}
     * @param user the credential's user name, or null when anonymous
     */
    static ConnectorException of(Throwable failure, String doing, String broker, String user) {
        String as = user == null ? "anonymously" : "as user '" + user + "'";
        if (failure instanceof MqttException e) {
            switch (e.getReasonCode()) {
                case MqttException.REASON_CODE_FAILED_AUTHENTICATION :
                    return ConnectorException.permanent("mqtt.auth", "the broker at " + broker + " refused to"
                            + " authenticate " + user(user) + ": check the system's credential (username and"
                            + " password)", null, null);
                case MqttException.REASON_CODE_NOT_AUTHORIZED :
                    return ConnectorException.permanent("mqtt.not_authorized", "the broker at " + broker
                            + " does not let the client connect " + as + ": give the system a credential the"
                            + " broker accepts (or allow anonymous clients there)", null, null);
                case MqttException.REASON_CODE_INVALID_CLIENT_ID :
                    return ConnectorException.permanent("mqtt.client_id", "the broker at " + broker
                            + " refused the client id while " + doing + ": change config.clientIdPrefix",
                            null,
                            null);
                case MqttException.REASON_CODE_SUBSCRIBE_FAILED :
                    return ConnectorException.permanent("mqtt.subscribe_refused", "the broker at " + broker
                            + " refused " + doing + " " + as + ": check the filter and the broker's access"
                            + " rules (ACLs) for this client", null, null);
                case MqttException.REASON_CODE_CLIENT_TIMEOUT, MqttException.REASON_CODE_WRITE_TIMEOUT :
                    return ConnectorException.retryable("mqtt.timeout", doing + " at " + broker
                            + " timed out", null, null);
                case MqttException.REASON_CODE_CONNECTION_LOST,
                        MqttException.REASON_CODE_CLIENT_NOT_CONNECTED :
                    return ConnectorException.retryable("mqtt.connection_lost", doing + " at " + broker
                            + " failed: the connection was lost", null, null);
                default :
                    break;
            }
            Throwable cause = e.getCause();
            if (cause != null) {
                return of(cause, doing, broker, user);
            }
            return ConnectorException.retryable("mqtt.failed", doing + " at " + broker + " failed: "
                    + e.getMessage() + " (reason " + e.getReasonCode() + ")", null, null);
        }
        if (failure instanceof SocketTimeoutException) {
            return ConnectorException.retryable("mqtt.timeout", doing + " at " + broker + " timed out", null,
                    null);
        }
        if (failure instanceof SSLException) {
            return ConnectorException.permanent("mqtt.tls", "the TLS handshake with " + broker + " failed ("
                    + failure.getMessage() + "): check config.tls, config.port and the broker's certificate",
                    null, null);
        }
        if (failure instanceof ConnectException || failure instanceof NoRouteToHostException
                || failure instanceof UnknownHostException) {
            return ConnectorException.retryable("mqtt.unreachable", "cannot connect to " + broker + " ("
                    + failure + "): check config.host and config.port, and that the broker is running", null,
                    null);
        }
        return ConnectorException.retryable("mqtt.io", doing + " at " + broker + " failed: " + failure, null,
                null);
    }

    private static String user(String user) {
        return user == null ? "an anonymous client" : "user '" + user + "'";
    }
}
