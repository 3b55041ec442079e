package dev.weft.vault;

/**
 * A credential write or name the caller got wrong; the message names the credential, the field and what
 * is expected, and never quotes a secret value. Maps to a client error.
 */
public final class InvalidCredentialException extends IllegalArgumentException {

    public InvalidCredentialException(String message) {
        super(message);
    }
}
