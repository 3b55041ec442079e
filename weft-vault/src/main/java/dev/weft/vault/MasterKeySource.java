package dev.weft.vault;

import dev.weft.vault.internal.Keysets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the vault's master key comes from: the environment variable {@code WEFT_MASTER_KEY}, which wins
 * when set, or a key file ({@code <data dir>/master.key} by default) that is generated on first start.
 * Either holds a Tink keyset (see docs/design/vault.md). Immutable; {@code toString()} shows no key.
 */
public final class MasterKeySource {

    public static final String ENVIRONMENT_VARIABLE = "WEFT_MASTER_KEY";
    public static final String DEFAULT_KEY_FILE_NAME = "master.key";

    private final String value;
    private final Path keyFile;
    private final String origin;

    private MasterKeySource(String value, Path keyFile, String origin) {
        this.value = value;
        this.keyFile = keyFile;
        this.origin = origin;
    }

    /**
     * {@code WEFT_MASTER_KEY} from {@code environment} when it is set and not blank, else {@code keyFile}.
     */
    public static MasterKeySource resolve(Map<String, String> environment, Path keyFile) {
        Objects.requireNonNull(keyFile, "keyFile");
        String value = environment.get(ENVIRONMENT_VARIABLE);
        if (value != null && !value.isBlank()) {
            return new MasterKeySource(value, null, "environment variable " + ENVIRONMENT_VARIABLE);
        }
        return ofKeyFile(keyFile);
    }

    /** The key file only; it is generated when it does not exist and the store holds no credential. */
    public static MasterKeySource ofKeyFile(Path keyFile) {
        Path path = Objects.requireNonNull(keyFile, "keyFile").toAbsolutePath().normalize();
        return new MasterKeySource(null, path, "key file " + path);
    }

    /**
     * A keyset given as a value, in the format of {@code WEFT_MASTER_KEY}; {@code origin} names it in
     * messages ({@code "environment variable WEFT_MASTER_KEY"}).
     */
    public static MasterKeySource ofValue(String keyset, String origin) {
        if (keyset == null || keyset.isBlank()) {
            throw new IllegalArgumentException(origin + " must hold a keyset, but was empty");
        }
        return new MasterKeySource(keyset, null, origin);
    }

    /** {@code dataDir/master.key}. */
    public static Path defaultKeyFile(Path dataDir) {
        return dataDir.resolve(DEFAULT_KEY_FILE_NAME);
    }

    /** A new keyset with one AES-256-GCM key, in the format for {@code WEFT_MASTER_KEY} (base64 of JSON). */
    public static String generateKeyset() {
        return Keysets.toBase64(Keysets.newMasterKeyset());
    }

    /**
     * The first step of rotating a key from the environment: {@code keyset} (JSON or base64) with a new
     * primary key added, its old keys kept for unwrapping, as the next value for {@code WEFT_MASTER_KEY}.
     */
    public static String addPrimaryKey(String keyset) {
        return Keysets
                .toBase64(Keysets.withNewPrimary(Keysets.parseMasterKeyset(keyset, "the keyset given")));
    }

    /** The key file, when the key does not come from a value. */
    public Optional<Path> keyFile() {
        return Optional.ofNullable(keyFile);
    }

    Optional<String> value() {
        return Optional.ofNullable(value);
    }

    /** {@code environment variable WEFT_MASTER_KEY} or {@code key file /data/master.key}. */
    public String describe() {
        return origin;
    }

    @Override
    public String toString() {
        return "MasterKeySource[" + origin + "]";
    }
}
