package dev.weft.vault;

import java.util.List;

/**
 * One field of a credential type ({@link CredentialFields}): whether it is secret (encrypted, never shown by reads) or
 * metadata (stored in the clear and shown), whether it is required, and its allowed values if fixed.
 * Immutable.
 *
 * @param allowedValues the only values accepted, or empty for any non-empty string
 */
public record CredentialField(String name, boolean secret, boolean required, List<String> allowedValues) {

    public CredentialField {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank, but was '" + name + "'");
        }
        allowedValues = List.copyOf(allowedValues);
    }

    static CredentialField secret(String name) {
        return new CredentialField(name, true, true, List.of());
    }

    static CredentialField metadata(String name, String... allowedValues) {
        return new CredentialField(name, false, true, List.of(allowedValues));
    }

    static CredentialField optionalSecret(String name) {
        return new CredentialField(name, true, false, List.of());
    }

    static CredentialField optionalMetadata(String name, String... allowedValues) {
        return new CredentialField(name, false, false, List.of(allowedValues));
    }
}
