package dev.weft.cli;

import dev.weft.connector.Credential;
import dev.weft.gateway.CredentialSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A vault stand-in for the example tests: credentials by name, each bound to the system named as the
 * credential without its {@code -key} suffix ({@code dolibarr-key} goes to system {@code dolibarr}), and no
 * refresh token rotation to store.
 */
record FixedCredentials(Map<String, Credential> byName) implements CredentialSource {

    @Override
    public Optional<Credential> credential(String tenantId, String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public List<String> systemsOf(String tenantId, String name) {
        return List.of(name.replace("-key", ""));
    }

    @Override
    public boolean storeRotatedRefreshToken(String tenantId, String name, String previous, String token) {
        return false;
    }
}
