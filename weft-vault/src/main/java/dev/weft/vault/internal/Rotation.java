package dev.weft.vault.internal;

import dev.weft.store.CredentialStore;
import dev.weft.store.SealedCredential;
import dev.weft.vault.MasterKeyException;
import dev.weft.vault.RotationReport;
import dev.weft.vault.UnreadableCredentialException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One master-key rotation: a new primary key, every data key re-wrapped under it, then the old keys
 * retired. Runs online: readers keep working throughout, and a credential written meanwhile is re-read
 * and re-wrapped again. Not thread-safe; one instance per rotation.
 */
public final class Rotation {

    private static final Logger LOG = LoggerFactory.getLogger(Rotation.class);
    /** How often one credential may change under a rotation before it gives up. */
    private static final int MAX_ATTEMPTS = 100;

    private final CredentialStore store;
    private final MasterKeyring ring;
    private final Lock writers;
    private int rewrapped;
    private int alreadyCurrent;
    private final Set<String> unreadable = new LinkedHashSet<>();

    /** {@code writers} is held by every write in this process while it seals and stores. */
    public Rotation(CredentialStore store, MasterKeyring ring, Lock writers) {
        this.store = store;
        this.ring = ring;
        this.writers = writers;
    }

    public RotationReport run() {
        return ring.rotating(this::rotate);
    }

    private RotationReport rotate() {
        MasterKeys keys;
        if (ring.isFile()) {
            // No write of this process may still be sealing under the old primary once the scan starts.
            writers.lock();
            try {
                keys = ring.addPrimary();
            } finally {
                writers.unlock();
            }
        } else {
            keys = ring.current();
            if (keys.ids().size() < 2) {
                throw new MasterKeyException(environmentProcedure(keys));
            }
        }
        pass(keys, true);
        List<Integer> retired;
        Optional<String> keysetToInstall;
        if (ring.isFile()) {
            retired = ring.retireAllButPrimary(keys);
            // Another process may have sealed under the old primary until it saw the new key file.
            pass(keys, false);
            keysetToInstall = Optional.empty();
        } else {
            retired = keys.ids().stream().filter(id -> id != keys.primaryId()).toList();
            keysetToInstall = Optional.of(MasterKeyring.primaryOnlyValue(keys));
        }
        RotationReport report = new RotationReport(Keysets.unsigned(keys.primaryId()),
                retired.stream().map(Keysets::unsigned).toList(), rewrapped, alreadyCurrent,
                List.copyOf(unreadable),
                keysetToInstall);
        LOG.info("Master key rotation in {}: {}{}", ring.origin(), report, keysetToInstall.isPresent()
                ? "; set WEFT_MASTER_KEY to the reported keyset on every node and restart to retire the old keys"
                : "");
        return report;
    }

    private void pass(MasterKeys keys, boolean first) {
        for (SealedCredential row : store.allCredentials()) {
            if (!first && unreadable.contains(row.tenantId() + "/" + row.name())) {
                continue;
            }
            switch (rewrap(row, keys)) {
                case REWRAPPED -> rewrapped++;
                case CURRENT -> alreadyCurrent += first ? 1 : 0;
                case UNREADABLE -> unreadable.add(row.tenantId() + "/" + row.name());
                case GONE -> {
                }
            }
        }
    }

    private enum Outcome {
        REWRAPPED, CURRENT, UNREADABLE, GONE
    }

    private Outcome rewrap(SealedCredential row, MasterKeys keys) {
        SealedCredential current = row;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (keys.isUnderPrimary(current.wrappedKey())) {
                return Outcome.CURRENT;
            }
            Envelope.Ref ref = new Envelope.Ref(current.tenantId(), current.name(), current.version());
            OptionalInt keyId = Keysets.keyIdOf(current.wrappedKey());
            if (keyId.isPresent() && !keys.contains(keyId.getAsInt())) {
                LOG.warn("{} cannot be re-wrapped: it is sealed under master key {}, which {} does not hold",
                        ref.describe(), Keysets.unsigned(keyId.getAsInt()), ring.origin());
                return Outcome.UNREADABLE;
            }
            byte[] wrapped;
            try {
                wrapped = Envelope.rewrap(keys, keys, ref, current.type(), current.wrappedKey());
            } catch (UnreadableCredentialException e) {
                LOG.warn("Not re-wrapped: {}", e.getMessage());
                return Outcome.UNREADABLE;
            }
            if (store.rewrapCredential(current.tenantId(), current.name(), current.version(), wrapped)) {
                return Outcome.REWRAPPED;
            }
            Optional<SealedCredential> now = store.credential(current.tenantId(), current.name());
            if (now.isEmpty()) {
                return Outcome.GONE;
            }
            current = now.get();
        }
        throw new IllegalStateException(
                "credential '" + row.name() + "' of tenant '" + row.tenantId() + "' changed " + MAX_ATTEMPTS
                        + " times during the master key rotation; rotate again");
    }

    private String environmentProcedure(MasterKeys keys) {
        return "cannot rotate the master key from " + ring.origin() + " (" + keys.describe()
                + "): the server "
                + "cannot change its environment. 1) Make the next keyset, the current value with a new primary "
                + "key added (MasterKeySource.addPrimaryKey(currentValue)); 2) set WEFT_MASTER_KEY to it on every"
                + " node and restart; 3) rotate again: every credential is re-wrapped under the new key and the "
                + "report holds the keyset without the old key; 4) set WEFT_MASTER_KEY to that on every node and "
                + "restart. See docs/design/vault.md.";
    }
}
