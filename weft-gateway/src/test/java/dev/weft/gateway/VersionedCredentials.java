package dev.weft.gateway;

import dev.weft.connector.Credential;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CredentialSource} in memory, for the gateway's own tests: a compare-and-set on the refresh token
 * as the interface says, a version per write, and a way to make the next stores fail as an unreachable
 * vault would. The server's implementation over the vault is tested in weft-server. Thread-safe.
 */
final class VersionedCredentials implements CredentialSource {
    private final Map<String, Credential> credentials = new ConcurrentHashMap<>();
    private final Map<String, Integer> versions = new ConcurrentHashMap<>();
    private final List<String> stored = new ArrayList<>();
    private int failingStores;

    synchronized void put(String name, Credential credential) {
        credentials.put(name, credential);
        versions.merge(name, 1, Integer::sum);
    }

    synchronized void delete(String name) {
        credentials.remove(name);
    }

    synchronized int version(String name) {
        return versions.getOrDefault(name, 0);
    }

    synchronized String refreshToken(String name) {
        return ((Credential.OAuth2RefreshToken) credentials.get(name)).refreshToken();
    }

    /** The refresh tokens stored by the gateway, in order. */
    synchronized List<String> stored() {
        return List.copyOf(stored);
    }

    /** The next {@code count} stores throw, as when the vault's database is down. */
    synchronized void failNextStores(int count) {
        failingStores = count;
    }

    @Override
    public synchronized Optional<Credential> credential(String tenantId, String name) {
        return Optional.ofNullable(credentials.get(name));
    }

    @Override
    public synchronized boolean storeRotatedRefreshToken(String tenantId, String name, String previous,
            String refreshToken) {
        if (failingStores > 0) {
            failingStores--;
            throw new IllegalStateException("the credential store cannot be reached");
        }
        if (!(credentials.get(name) instanceof Credential.OAuth2RefreshToken r)
                || !r.refreshToken().equals(previous)) {
            return false;
        }
        put(name,
                new Credential.OAuth2RefreshToken(r.tokenUrl(), r.clientId(), r.clientSecret(), refreshToken,
                        r.scope()));
        stored.add(refreshToken);
        return true;
    }

    @Override
    public String toString() {
        return "VersionedCredentials" + new ArrayList<>(credentials.keySet());
    }
}
