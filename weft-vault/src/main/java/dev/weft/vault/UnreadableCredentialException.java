package dev.weft.vault;

/**
 * A stored credential that cannot be decrypted or read back: altered, swapped with another row, or sealed
 * under a master key this process does not have. The message names the credential, never a secret.
 */
public final class UnreadableCredentialException extends RuntimeException {

    public UnreadableCredentialException(String message) {
        super(message);
    }
}
