package dev.weft.vault;

import java.util.List;

/** A user name and password for HTTP basic authentication (type {@code basic}). Immutable. */
public record BasicCredential(String name, int version, String username,
        String password) implements Credential {

    @Override
    public CredentialType type() {
        return CredentialType.BASIC;
    }

    @Override
    public List<String> secretValues() {
        return List.of(password);
    }

    @Override
    public String toString() {
        return "BasicCredential[name=" + name + ", version=" + version + ", username=" + username
                + ", password="
                + REDACTED + "]";
    }
}
