package dev.weft.connector.mail;

import dev.weft.connector.ConnectorException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Turns what Jakarta Mail throws into {@link ConnectorException}s with dotted codes: {@code mail.auth}
 * (permanent) for a refused login, {@code mail.unreachable} and {@code mail.timeout} (retryable) for a
 * server that cannot be reached or does not answer, {@code mail.address} (permanent) for recipients the
 * server refused. The password is cut out of every message, in case a server echoes it.
 */
final class Failures {
    private Failures() {
    }

    /**
     * @param doing what was being done, for the message: {@code sending mail}
     * @param where {@link MailConfig.Server#where()}
     */
    static ConnectorException of(Exception failure, String doing, String where, MailConfig config) {
        if (failure instanceof AuthenticationFailedException) {
            // The server's reply is left out: some echo what they were sent.
            return ConnectorException.permanent("mail.auth", "the " + where + " refused the login of user '"
                    + config.username() + "': check the credential's user and password", null, null);
        }
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            root = t;
            if (t instanceof SocketTimeoutException) {
                return ConnectorException.retryable("mail.timeout", doing + " at the " + where
                        + " timed out: the server did not answer in time", null, null);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException) {
                return ConnectorException.retryable("mail.unreachable",
                        "cannot connect to the " + where + " ("
                                + scrub(t.toString(), config)
                                + "): check its host and port, and that it is running",
                        null, null);
            }
            if (t instanceof SSLException) {
                return ConnectorException.permanent("mail.tls", "the TLS handshake with the " + where
                        + " failed (" + scrub(t.getMessage(), config) + "): check its tls setting and the"
                        + " server's certificate", null, null);
            }
        }
        if (failure instanceof SendFailedException sent && sent.getInvalidAddresses() != null
                && sent.getInvalidAddresses().length > 0) {
            return ConnectorException.permanent("mail.address", "the " + where + " refused the recipients "
                    + java.util.Arrays.toString(sent.getInvalidAddresses()) + ": "
                    + scrub(sent.getMessage(), config), null, null);
        }
        if (failure instanceof MessagingException) {
            return ConnectorException.retryable("mail.failed", doing + " at the " + where + " failed: "
                    + scrub(String.valueOf(root.getMessage()), config), null, null);
        }
        return ConnectorException.retryable("mail.io", doing + " at the " + where + " failed: "
                + scrub(String.valueOf(root), config), null, null);
    }

    /** Removes the password from text that came from a server or a library. */
    static String scrub(String text, MailConfig config) {
        if (text == null) {
            return "";
        }
        return config.password().isEmpty() ? text : text.replace(config.password(), "***");
    }
}
