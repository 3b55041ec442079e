package dev.weft.vault;

import dev.weft.store.CredentialStore;
import dev.weft.store.SealedCredential;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A test double of our own {@link CredentialStore}: compare-and-set on version exactly as the SPI says,
 * plus hooks to tamper with rows and to interleave a concurrent write. Thread-safe.
 */
final class InMemoryCredentialStore implements CredentialStore {

    private final Map<String, SealedCredential> rows = new TreeMap<>();
    private Runnable beforeNextPut = () -> {
    };
    private Runnable beforeNextRewrap = () -> {
    };
    private int puts;
    private int rewraps;

    private static String key(String tenant, String name) {
        return tenant + "\u0000" + name;
    }

    @Override
    public boolean putCredential(SealedCredential credential, int expectedVersion) {
        runOnce(true);
        synchronized (this) {
            SealedCredential current = rows.get(key(credential.tenantId(), credential.name()));
            int stored = current == null ? 0 : current.version();
            if (stored != expectedVersion) {
                return false;
            }
            rows.put(key(credential.tenantId(), credential.name()), copy(credential));
            puts++;
            return true;
        }
    }

    @Override
    public synchronized Optional<SealedCredential> credential(String tenantId, String name) {
        return Optional.ofNullable(rows.get(key(tenantId, name))).map(InMemoryCredentialStore::copy);
    }

    @Override
    public synchronized List<SealedCredential> credentials(String tenantId) {
        return rows.values().stream().filter(r -> r.tenantId().equals(tenantId))
                .sorted(Comparator.comparing(SealedCredential::name)).map(InMemoryCredentialStore::copy)
                .toList();
    }

    @Override
    public synchronized List<SealedCredential> allCredentials() {
        return new ArrayList<>(rows.values().stream().map(InMemoryCredentialStore::copy).toList());
    }

    @Override
    public boolean rewrapCredential(String tenantId, String name, int version, byte[] wrappedKey) {
        runOnce(false);
        synchronized (this) {
            SealedCredential current = rows.get(key(tenantId, name));
            if (current == null || current.version() != version) {
                return false;
            }
            rows.put(key(tenantId, name), new SealedCredential(tenantId, name, version, current.type(),
                    current.metadata(), current.ciphertext(), wrappedKey.clone(), current.createdAt(),
                    current.updatedAt()));
            rewraps++;
            return true;
        }
    }

    @Override
    public synchronized boolean deleteCredential(String tenantId, String name) {
        return rows.remove(key(tenantId, name)) != null;
    }

    /** Writes a row as is, bypassing the version check: what an attacker with database access does. */
    synchronized void overwrite(SealedCredential row) {
        rows.put(key(row.tenantId(), row.name()), copy(row));
    }

    /** Runs {@code action} just before the next put is applied, as a concurrent writer would. */
    synchronized void beforeNextPut(Runnable action) {
        beforeNextPut = action;
    }

    /** Runs {@code action} just before the next re-wrap is applied, as a concurrent writer would. */
    synchronized void beforeNextRewrap(Runnable action) {
        beforeNextRewrap = action;
    }

    synchronized int puts() {
        return puts;
    }

    synchronized int rewraps() {
        return rewraps;
    }

    private void runOnce(boolean put) {
        Runnable action;
        synchronized (this) {
            action = put ? beforeNextPut : beforeNextRewrap;
            if (put) {
                beforeNextPut = () -> {
                };
            } else {
                beforeNextRewrap = () -> {
                };
            }
        }
        action.run();
    }

    private static SealedCredential copy(SealedCredential r) {
        return new SealedCredential(r.tenantId(), r.name(), r.version(), r.type(),
                r.metadata() == null ? null : r.metadata().deepCopy(),
                r.ciphertext() == null ? null : r.ciphertext().clone(),
                r.wrappedKey() == null ? null : r.wrappedKey().clone(), r.createdAt(), r.updatedAt());
    }
}
