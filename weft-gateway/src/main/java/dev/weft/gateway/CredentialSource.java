package dev.weft.gateway;

import dev.weft.connector.Credential;
import java.util.Optional;

/** Reads a vault credential by name, decrypted, for one system's client. Implementations are thread-safe. */
@FunctionalInterface
public interface CredentialSource {

    /** The credential, or empty when there is none by that name. */
    Optional<Credential> credential(String tenantId, String name);
}
