package dev.weft.vault.internal;

import dev.weft.vault.MasterKeyException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master keyset in use and where it comes from: the environment (fixed for the life of the process)
 * or the key file (re-read when another process rotates it). Thread-safe.
 */
public final class MasterKeyring {

    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyring.class);

    private final String origin;
    private final KeyFile file;
    private volatile Loaded current;

    private record Loaded(MasterKeys keys, Optional<KeyFile.Stamp> stamp) {
    }

    private MasterKeyring(String origin, KeyFile file, Loaded current) {
        this.origin = origin;
        this.file = file;
        this.current = current;
    }

    /** A keyring fixed to {@code value} (the format of {@code WEFT_MASTER_KEY}), named by {@code origin}. */
    public static MasterKeyring fromValue(String value, String origin) {
        MasterKeys keys = new MasterKeys(Keysets.parseMasterKeyset(value, origin));
        LOG.info("Master key loaded from {}: {}", origin, keys.describe());
        warnIfInterrupted(keys, origin);
        return new MasterKeyring(origin, null, new Loaded(keys, Optional.empty()));
    }

    /**
     * A keyring read from {@code path}. When the file does not exist it is generated, unless
     * {@code storeIsEmpty} says credentials already exist: they were sealed under a key that a new one
     * would not decrypt.
     */
    public static MasterKeyring fromFile(Path path, BooleanSupplier storeIsEmpty) {
        KeyFile file = new KeyFile(path);
        if (!file.exists()) {
            file.locked(true, "another vault in this process holds " + file.path() + ".lock", () -> {
                if (!file.exists()) {
                    generate(file, storeIsEmpty);
                }
                return null;
            });
        }
        warnIfReadableByOthers(file);
        MasterKeyring ring = new MasterKeyring(file.describe(), file, load(file));
        LOG.info("Master key loaded from {}: {}", ring.origin, ring.current.keys.describe());
        warnIfInterrupted(ring.current.keys, ring.origin);
        return ring;
    }

    private static void generate(KeyFile file, BooleanSupplier storeIsEmpty) {
        if (!storeIsEmpty.getAsBoolean()) {
            throw new MasterKeyException(file.describe() + " does not exist, but the store already holds"
                    + " credentials sealed under a master key. Restore the key file from its backup (or set "
                    + "WEFT_MASTER_KEY to that key); a new key could not decrypt them, so none is generated."
                    + " If other nodes share this store, use their key: set WEFT_MASTER_KEY to the same keyset"
                    + " on every node, or copy their key file here.");
        }
        boolean ownerOnly = file.write(Keysets.toJson(Keysets.newMasterKeyset()) + "\n");
        LOG.warn("Generated a new master key in {}{}. Back it up now, and keep the backup apart from the "
                + "database backups: without it no stored credential can be decrypted, and whoever holds "
                + "both can decrypt them all.", file.path(),
                ownerOnly
                        ? " (mode 0600)"
                        : " (this file system has no POSIX permissions: restrict access to "
                                + "the file yourself)");
    }

    private static void warnIfReadableByOthers(KeyFile file) {
        Optional<Set<PosixFilePermission>> permissions = file.permissions();
        if (permissions.isPresent() && !KeyFile.OWNER_ONLY.containsAll(permissions.get())) {
            LOG.warn("{} has mode {}: other users may read the master key. Restrict it with: chmod 600 {}",
                    file.describe(), PosixFilePermissions.toString(permissions.get()), file.path());
        }
    }

    private static void warnIfInterrupted(MasterKeys keys, String origin) {
        if (keys.ids().size() > 1) {
            LOG.info("{} holds {} master keys: data keys wrapped under an older one are still readable; "
                    + "a key rotation retires them", origin, keys.ids().size());
        }
    }

    private static Loaded load(KeyFile file) {
        Optional<KeyFile.Stamp> stamp = file.stamp();
        return new Loaded(new MasterKeys(Keysets.parseMasterKeyset(file.read(), file.describe())), stamp);
    }

    /** {@code key file /data/master.key} or {@code environment variable WEFT_MASTER_KEY}. */
    public String origin() {
        return origin;
    }

    public boolean isFile() {
        return file != null;
    }

    public MasterKeys current() {
        return current.keys;
    }

    /**
     * The keys to seal a new credential with. From a key file, re-read first when another process
     * rewrote it, so that nothing new is wrapped under a key that a rotation is retiring.
     */
    public MasterKeys forWriting() {
        if (file != null) {
            Optional<KeyFile.Stamp> stamp = file.stamp();
            if (stamp.isEmpty()) {
                throw new MasterKeyException(file.describe() + " has disappeared: restore it from its backup."
                        + " No credential is sealed meanwhile, since its key would be lost at the next start.");
            }
            if (!stamp.equals(current.stamp)) {
                return reload();
            }
        }
        return current.keys;
    }

    /** The keys as the key file holds them now, re-read if it changed; the loaded keys if it is gone. */
    public MasterKeys latest() {
        if (file != null) {
            Optional<KeyFile.Stamp> stamp = file.stamp();
            if (stamp.isPresent() && !stamp.equals(current.stamp)) {
                return reload();
            }
        }
        return current.keys;
    }

    /**
     * Unwraps a data key. When it names a key this process does not know (another process rotated the
     * key file), the key file is read again once.
     */
    public byte[] unwrap(byte[] wrapped, byte[] associatedData)
            throws UnknownMasterKeyException, GeneralSecurityException {
        OptionalInt keyId = Keysets.keyIdOf(wrapped);
        if (keyId.isEmpty()) {
            throw new GeneralSecurityException("the wrapped data key names no master key");
        }
        MasterKeys keys = current.keys;
        if (!keys.contains(keyId.getAsInt()) && file != null) {
            keys = reload();
        }
        if (!keys.contains(keyId.getAsInt())) {
            throw new UnknownMasterKeyException(keyId.getAsInt(), keys, origin, file != null);
        }
        return keys.unwrap(wrapped, associatedData);
    }

    private synchronized MasterKeys reload() {
        Loaded before = current;
        Loaded after = load(file);
        if (!after.keys.ids().equals(before.keys.ids())) {
            LOG.info("Master key file {} changed (another process rotated it): {}", file.path(),
                    after.keys.describe());
        }
        current = after;
        return after.keys;
    }

    /**
     * Runs a rotation holding the key file's lock, so that one process rotates at a time. Fails at once
     * when another rotation holds it.
     */
    public <T> T rotating(Supplier<T> rotation) {
        if (file == null) {
            return rotation.get();
        }
        return file.locked(false, "another master key rotation is running (it holds " + file.path()
                + ".lock); wait for it to finish", rotation::get);
    }

    /** Adds a new primary key to the key file and uses it; the older keys stay for unwrapping. */
    public synchronized MasterKeys addPrimary() {
        requireFile("add a key");
        MasterKeys keys = new MasterKeys(Keysets.withNewPrimary(reload().keyset()));
        file.write(Keysets.toJson(keys.keyset()) + "\n");
        current = new Loaded(keys, file.stamp());
        LOG.info("Added master key {} to {} as primary", Keysets.unsigned(keys.primaryId()), file.path());
        return keys;
    }

    /** Removes every key but the primary of {@code keys} from the key file; returns the removed ids. */
    public synchronized List<Integer> retireAllButPrimary(MasterKeys keys) {
        requireFile("retire keys");
        MasterKeys kept = new MasterKeys(Keysets.primaryOnly(keys.keyset()));
        file.write(Keysets.toJson(kept.keyset()) + "\n");
        current = new Loaded(kept, file.stamp());
        List<Integer> retired = keys.ids().stream().filter(id -> id != keys.primaryId()).toList();
        LOG.info("Retired master key(s) {} from {}", MasterKeys.idList(retired), file.path());
        return retired;
    }

    /** The value to install as {@code WEFT_MASTER_KEY} to keep only the primary of {@code keys}. */
    public static String primaryOnlyValue(MasterKeys keys) {
        return Keysets.toBase64(Keysets.primaryOnly(keys.keyset()));
    }

    private void requireFile(String what) {
        if (file == null) {
            throw new IllegalStateException("cannot " + what + " in " + origin + ": it is not a key file");
        }
    }
}
