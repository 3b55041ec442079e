package dev.weft.vault;

import dev.weft.connector.CredentialType;
import java.time.Instant;
import java.util.Map;

/**
 * What reads show of a credential: its name, type, version and non-secret fields, never a secret.
 * Immutable.
 *
 * @param fields the type's metadata fields that are set (a username, a token URL), by name
 */
public record CredentialInfo(
        String name,
        CredentialType type,
        int version,
        Map<String, String> fields,
        Instant createdAt,
        Instant updatedAt) {

    public CredentialInfo {
        fields = Map.copyOf(fields);
        for (String field : fields.keySet()) {
            if (CredentialFields.field(type, field).map(CredentialField::secret).orElse(true)) {
                throw new IllegalArgumentException(
                        "field '" + field + "' is not a metadata field of type " + type.wireName());
            }
        }
    }
}
