package dev.weft.connector;

import java.util.Objects;

/**
 * The verdict of {@link SystemClient#test()}: whether the system answered and accepted the credential,
 * and a message a person can act on ("connected to PostgreSQL 15.4 as weft", "authentication failed for
 * user weft: check the credential's password"). Never contains a secret.
 */
public record ConnectionTest(boolean ok, String message) {
    public ConnectionTest {
        Objects.requireNonNull(message, "message");
    }

    public static ConnectionTest ok(String message) {
        return new ConnectionTest(true, message);
    }

    public static ConnectionTest failed(String message) {
        return new ConnectionTest(false, message);
    }
}
