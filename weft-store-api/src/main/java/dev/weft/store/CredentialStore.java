package dev.weft.store;

import java.util.List;
import java.util.Optional;

/** Where the vault keeps sealed credentials. Implementations are thread-safe and durable. */
public interface CredentialStore {

    /**
     * Writes {@code credential} if the stored version of its name is {@code expectedVersion} (0: the
     * name must be free). Returns false, writing nothing, when another write came first.
     */
    boolean putCredential(SealedCredential credential, int expectedVersion);

    Optional<SealedCredential> credential(String tenantId, String name);

    /** The tenant's credentials by name. */
    List<SealedCredential> credentials(String tenantId);

    /** Every tenant's credentials, for re-wrapping data keys under a new master key. */
    List<SealedCredential> allCredentials();

    /**
     * Replaces the wrapped data key of one version of a credential. Returns false when the credential
     * is gone or has a newer version (whose key the writer wrapped itself).
     */
    boolean rewrapCredential(String tenantId, String name, int version, byte[] wrappedKey);

    boolean deleteCredential(String tenantId, String name);
}
