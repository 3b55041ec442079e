package dev.weft.vault;

import java.util.List;

/** A bearer token sent as {@code Authorization: Bearer ...} (type {@code bearer}). Immutable. */
public record BearerCredential(String name, int version, String token) implements Credential {

    @Override
    public CredentialType type() {
        return CredentialType.BEARER;
    }

    @Override
    public List<String> secretValues() {
        return List.of(token);
    }

    @Override
    public String toString() {
        return "BearerCredential[name=" + name + ", version=" + version + ", token=" + REDACTED + "]";
    }
}
