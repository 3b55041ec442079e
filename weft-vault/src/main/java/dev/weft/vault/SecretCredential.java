package dev.weft.vault;

import java.util.List;

/** A single opaque secret (type {@code secret}), such as a webhook signing secret. Immutable. */
public record SecretCredential(String name, int version, String value) implements Credential {

    @Override
    public CredentialType type() {
        return CredentialType.SECRET;
    }

    @Override
    public List<String> secretValues() {
        return List.of(value);
    }

    @Override
    public String toString() {
        return "SecretCredential[name=" + name + ", version=" + version + ", value=" + REDACTED + "]";
    }
}
