package dev.weft.vault;

import java.io.IOException;

/**
 * The master key cannot be loaded, written or rotated as asked; the message says where the key comes
 * from and what the operator should do. It never contains key material.
 */
public final class MasterKeyException extends RuntimeException {

    public MasterKeyException(String message) {
        super(message);
    }

    /** For I/O failures: the cause is an {@link IOException}, which carries no key material. */
    public MasterKeyException(String message, IOException cause) {
        super(message, cause);
    }
}
