package dev.weft.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A credential as the store keeps it: its non-secret fields in the clear and its secret fields
 * encrypted by the vault. The store never sees a secret value.
 *
 * @param version 1 for the first write of the name, one more on every replacement; the vault binds
 *     it into the ciphertext, so the caller chooses it (see {@link CredentialStore#putCredential})
 * @param metadata the fields that are not secret (a username, a token URL), shown by reads
 * @param ciphertext the secret fields, encrypted under the data key
 * @param wrappedKey the data key, encrypted under the master key
 */
public record SealedCredential(
        String tenantId,
        String name,
        int version,
        String type,
        JsonNode metadata,
        byte[] ciphertext,
        byte[] wrappedKey,
        Instant createdAt,
        Instant updatedAt) {
}
