package dev.weft.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Credential;
import dev.weft.store.CredentialStore;
import dev.weft.store.SealedCredential;
import dev.weft.vault.internal.CredentialParser;
import dev.weft.vault.internal.Credentials;
import dev.weft.vault.internal.Envelope;
import dev.weft.vault.internal.MasterKeyring;
import dev.weft.vault.internal.MasterKeys;
import dev.weft.vault.internal.Rotation;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.regex.Pattern;

/**
 * The credential vault: stores credentials with envelope encryption, shows their metadata, reveals
 * their secrets to the gateway only, and rotates the master key online. One per process; thread-safe.
 */
public final class Vault {

    /** What a credential name must match: 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static final Pattern NAME = CredentialParser.NAME;
    /** How often a write retries when other writes of the same name keep coming first. */
    private static final int MAX_WRITE_ATTEMPTS = 16;

    private final MasterKeyring ring;
    private final CredentialStore store;
    private final Clock clock;
    /** Writes share it; a rotation takes it alone while it changes the primary key. */
    private final ReentrantReadWriteLock writers = new ReentrantReadWriteLock();

    private Vault(MasterKeyring ring, CredentialStore store, Clock clock) {
        this.ring = ring;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Loads the master key (generating the key file on first start, with a warning to back it up) and
     * returns the vault. Throws {@link MasterKeyException} when the key cannot be loaded.
     */
    public static Vault open(MasterKeySource source, CredentialStore store, Clock clock) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(clock, "clock");
        MasterKeyring ring = source.value().isPresent()
                ? MasterKeyring.fromValue(source.value().get(), source.describe())
                : MasterKeyring.fromFile(source.keyFile().orElseThrow(),
                        () -> store.allCredentials().isEmpty());
        return new Vault(ring, store, clock);
    }

    /** The tenant of the vault's own rows; no tenant of the API starts with {@code $}. */
    public static final String OWN_TENANT = "$vault";
    /** The vault's key-check credential in {@link #OWN_TENANT}: a random secret sealed by the first vault. */
    public static final String KEY_CHECK = "master-key-check";

    /**
     * For a store that several nodes share (PostgreSQL): checks that this vault's master key is the one
     * the store's credentials are sealed under. The first vault on the store seals a random check value;
     * every later one must be able to open it, or this throws {@link MasterKeyException} saying how to
     * share the key, so that a node with a key of its own refuses to start instead of writing credentials
     * no other node can read (and failing to read theirs).
     *
     * @param storeName where the credentials are, for the message ({@code postgresql://host/db})
     */
    public void checkSharedKey(String storeName) {
        if (store.credential(OWN_TENANT, KEY_CHECK).isEmpty()) {
            ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            byte[] random = new byte[32];
            new java.security.SecureRandom().nextBytes(random);
            body.put("type", "secret").put("value", java.util.HexFormat.of().formatHex(random));
            CredentialParser.Parsed parsed = CredentialParser.parse(KEY_CHECK, body);
            byte[] secrets = Credentials.secretsJson(parsed.secrets());
            try {
                write(OWN_TENANT, KEY_CHECK, parsed, secrets, Optional.empty()); // null: another vault came first
            } finally {
                Arrays.fill(secrets, (byte) 0);
            }
        }
        try {
            reveal(OWN_TENANT, KEY_CHECK);
        } catch (UnreadableCredentialException e) {
            throw new MasterKeyException("the master key from " + ring.origin() + " is not the key that the"
                    + " credentials in " + storeName
                    + " are sealed under: another node sealed them with a key"
                    + " of its own, which this node could not read (nor they what this node wrote). Every"
                    + " node on one store needs the same master key: set "
                    + MasterKeySource.ENVIRONMENT_VARIABLE
                    + " to the same keyset on every node (the content of the first node's key file, such as"
                    + " <data dir>/" + MasterKeySource.DEFAULT_KEY_FILE_NAME + "), or copy that key file to"
                    + " this node's data directory; see docs/design/vault.md");
        }
    }

    /**
     * Checks a write ({@code {type, ...fields}}) of credential {@code name} as {@link #put} would, without
     * writing it.
     *
     * @throws InvalidCredentialException naming the field and what is expected, never a value
     */
    public void check(String name, JsonNode body) {
        CredentialParser.parse(name, body);
    }

    /**
     * Creates or replaces a credential from {@code body} ({@code {"type": "basic", "username": ...,
     * "password": ...}}) and returns its metadata. Throws {@link InvalidCredentialException} naming the
     * bad field.
     */
    public CredentialInfo put(String tenant, String name, JsonNode body) {
        CredentialParser.checkTenant(tenant);
        CredentialParser.Parsed parsed = CredentialParser.parse(name, body);
        byte[] secrets = Credentials.secretsJson(parsed.secrets());
        for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
            Optional<SealedCredential> existing = store.credential(tenant, name);
            SealedCredential row = write(tenant, name, parsed, secrets, existing);
            if (row != null) {
                return Credentials.info(row);
            }
        }
        throw new ConcurrentModificationException(
                "credential '" + name + "' of tenant '" + tenant + "' was written "
                        + MAX_WRITE_ATTEMPTS + " times by others while this write retried; try again");
    }

    /**
     * Creates a credential from {@code body} only if there is none of that name: for values whose writer
     * must know it is the only one (a webhook endpoint's next signing secret, written by one of two
     * rotations racing). Returns its metadata, or empty when the name was taken (nothing is written then).
     * Throws {@link InvalidCredentialException} naming the bad field.
     */
    public Optional<CredentialInfo> create(String tenant, String name, JsonNode body) {
        CredentialParser.checkTenant(tenant);
        CredentialParser.Parsed parsed = CredentialParser.parse(name, body);
        if (store.credential(tenant, name).isPresent()) {
            return Optional.empty();
        }
        byte[] secrets = Credentials.secretsJson(parsed.secrets());
        return Optional.ofNullable(write(tenant, name, parsed, secrets, Optional.empty()))
                .map(Credentials::info);
    }

    /**
     * Replaces some fields of a credential and keeps the others, as a new version, if the stored version is
     * still {@code expectedVersion}: for secrets the platform renews itself, such as a refresh token that
     * an OAuth 2.0 token endpoint rotated. Returns the new version's metadata once it is stored, or empty
     * when the credential was changed or deleted meanwhile (nothing is written then). Throws
     * {@link InvalidCredentialException} naming a field that the type does not have or a bad value.
     */
    public Optional<CredentialInfo> update(String tenant, String name, int expectedVersion,
            Map<String, String> fields) {
        CredentialParser.checkTenant(tenant);
        CredentialParser.checkName(name);
        Optional<SealedCredential> existing = store.credential(tenant, name);
        if (existing.isEmpty() || existing.get().version() != expectedVersion) {
            return Optional.empty();
        }
        SealedCredential row = existing.get();
        Envelope.Ref ref = new Envelope.Ref(tenant, name, row.version());
        byte[] plaintext = Envelope.open(ring, ref, row.type(), row.metadata(), row.ciphertext(),
                row.wrappedKey());
        byte[] secrets = null;
        try {
            ObjectNode body = Credentials.fields(row, ref, plaintext);
            fields.forEach(body::put);
            CredentialParser.Parsed parsed = CredentialParser.parse(name, body);
            secrets = Credentials.secretsJson(parsed.secrets());
            return Optional.ofNullable(write(tenant, name, parsed, secrets, existing)).map(Credentials::info);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
            if (secrets != null) {
                Arrays.fill(secrets, (byte) 0);
            }
        }
    }

    /** Seals and stores the next version after {@code existing}; null when another write came first. */
    private SealedCredential write(String tenant, String name, CredentialParser.Parsed parsed, byte[] secrets,
            Optional<SealedCredential> existing) {
        int expected = existing.map(SealedCredential::version).orElse(0);
        Instant now = clock.instant();
        Instant createdAt = existing.map(SealedCredential::createdAt).orElse(now);
        Envelope.Ref ref = new Envelope.Ref(tenant, name, expected + 1);
        writers.readLock().lock();
        try {
            MasterKeys keys = ring.forWriting();
            Envelope.Sealed sealed = Envelope.seal(keys, ref, parsed.type().wireName(), parsed.metadata(),
                    secrets);
            SealedCredential row = new SealedCredential(tenant, name, ref.version(), parsed.type().wireName(),
                    parsed.metadata(), sealed.ciphertext(), sealed.wrappedKey(), createdAt, now);
            if (!store.putCredential(row, expected)) {
                return null;
            }
            rewrapIfRotatedMeanwhile(ref, row, keys);
            return row;
        } finally {
            writers.readLock().unlock();
        }
    }

    /**
     * When another process rotated the key file while this write sealed under the old primary, the
     * rotation's scan may have missed the row, and the old key may already be retired: re-wrap it here,
     * with the old key this process still holds.
     */
    private void rewrapIfRotatedMeanwhile(Envelope.Ref ref, SealedCredential row, MasterKeys sealedWith) {
        MasterKeys now = ring.latest();
        if (now.primaryId() != sealedWith.primaryId()) {
            byte[] wrapped = Envelope.rewrap(sealedWith, now, ref, row.type(), row.wrappedKey());
            // False only when a newer version replaced the row; its writer wrapped its own key.
            store.rewrapCredential(row.tenantId(), row.name(), row.version(), wrapped);
        }
    }

    /** The credential's metadata, without decrypting anything. */
    public Optional<CredentialInfo> info(String tenant, String name) {
        CredentialParser.checkTenant(tenant);
        CredentialParser.checkName(name);
        return store.credential(tenant, name).map(Credentials::info);
    }

    /** The tenant's credentials' metadata, by name. */
    public List<CredentialInfo> list(String tenant) {
        CredentialParser.checkTenant(tenant);
        return store.credentials(tenant).stream().map(Credentials::info)
                .sorted(Comparator.comparing(CredentialInfo::name)).toList();
    }

    /** Deletes the credential; false when there was none. */
    public boolean delete(String tenant, String name) {
        CredentialParser.checkTenant(tenant);
        CredentialParser.checkName(name);
        return store.deleteCredential(tenant, name);
    }

    /**
     * The decrypted credential, as the SDK's {@link Credential} record that connectors receive, for the
     * gateway's credential injection and webhook signature checks only. Throws
     * {@link UnreadableCredentialException} when the stored row was altered or swapped.
     */
    public Optional<Credential> reveal(String tenant, String name) {
        return revealVersion(tenant, name).map(Revealed::credential);
    }

    /** A decrypted credential and the version it was read at (for {@link #update}'s compare-and-set). */
    public record Revealed(int version, Credential credential) {
    }

    /** {@link #reveal}, with the version read: what a compare-and-set {@link #update} expects. */
    public Optional<Revealed> revealVersion(String tenant, String name) {
        CredentialParser.checkTenant(tenant);
        CredentialParser.checkName(name);
        Optional<SealedCredential> read = store.credential(tenant, name);
        for (int attempt = 1;; attempt++) {
            if (read.isEmpty()) {
                return Optional.empty();
            }
            SealedCredential row = read.get();
            try {
                return Optional.of(open(tenant, name, row));
            } catch (UnreadableCredentialException e) {
                // A rotation (here or on another node) may have re-wrapped the row and retired its old key
                // between the read and the decryption: a row that changed since is read again.
                read = store.credential(tenant, name);
                if (attempt == 3 || read.isEmpty()
                        || Arrays.equals(read.get().wrappedKey(), row.wrappedKey())) {
                    throw e;
                }
            }
        }
    }

    private Revealed open(String tenant, String name, SealedCredential row) {
        // The credential asked for, not what the row claims to be, is bound into the decryption.
        Envelope.Ref ref = new Envelope.Ref(tenant, name, row.version());
        byte[] plaintext = Envelope.open(ring, ref, row.type(), row.metadata(), row.ciphertext(),
                row.wrappedKey());
        try {
            return new Revealed(row.version(), Credentials.credential(row, ref, plaintext));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Rotates the master key online. From a key file: adds a new primary key, re-wraps every data key
     * under it and retires the old keys from the file. From {@code WEFT_MASTER_KEY}: needs a keyset that
     * already has the new primary (see {@link MasterKeySource#addPrimaryKey}), re-wraps every data key
     * under it and reports the keyset to install next; otherwise throws {@link MasterKeyException} that
     * says the procedure.
     */
    public RotationReport rotate() {
        return new Rotation(store, ring, writers.writeLock()).run();
    }

    /** {@code key file /data/master.key: primary key 3016743881, 1 key}: ids only, for logs and health. */
    public String describeMasterKey() {
        return ring.origin() + ": " + ring.current().describe();
    }

    @Override
    public String toString() {
        return "Vault[" + describeMasterKey() + "]";
    }
}
