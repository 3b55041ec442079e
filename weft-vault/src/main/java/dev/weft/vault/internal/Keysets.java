package dev.weft.vault.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.weft.vault.MasterKeyException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;

/**
 * Every use of Tink in the vault: master keysets (AES-256-GCM, TINK prefix, so each ciphertext names its
 * key) and data keys (AES-256-GCM, one per credential write). Thread-safe.
 */
public final class Keysets {

    private static final Configuration CONFIG = register();
    private static final AesGcmParameters DATA_KEY = dataKeyParameters();
    /** A TINK-prefixed ciphertext starts with this byte and the 4-byte id of its key. */
    private static final byte TINK_PREFIX = 0x01;
    private static final int PREFIX_LENGTH = 5;

    private Keysets() {
    }

    private static Configuration register() {
        try {
            AeadConfig.register();
            return RegistryConfiguration.get();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's AEAD primitives could not be registered", e);
        }
    }

    private static AesGcmParameters dataKeyParameters() {
        try {
            return AesGcmParameters.builder().setKeySizeBytes(32).setIvSizeBytes(12).setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM parameters refused", e);
        }
    }

    /** A new master keyset with one AES-256-GCM key. */
    public static KeysetHandle newMasterKeyset() {
        return build(KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                        .withRandomId().makePrimary()));
    }

    /** {@code keyset} with a new AES-256-GCM key added as its primary; the old keys stay for unwrapping. */
    public static KeysetHandle withNewPrimary(KeysetHandle keyset) {
        return build(KeysetHandle.newBuilder(keyset)
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                        .withRandomId().makePrimary()));
    }

    /** {@code keyset} without its non-primary keys. */
    public static KeysetHandle primaryOnly(KeysetHandle keyset) {
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
        for (int i = builder.size() - 1; i >= 0; i--) {
            if (!builder.getAt(i).isPrimary()) {
                builder.deleteAt(i);
            }
        }
        return build(builder);
    }

    private static KeysetHandle build(KeysetHandle.Builder builder) {
        try {
            return builder.build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink refused to build a keyset", e);
        }
    }

    /** The key ids of {@code keyset}, in keyset order. */
    public static List<Integer> keyIds(KeysetHandle keyset) {
        List<Integer> ids = new ArrayList<>(keyset.size());
        for (int i = 0; i < keyset.size(); i++) {
            ids.add(keyset.getAt(i).getId());
        }
        return ids;
    }

    /** A key id as operators see it (Tink's ids are unsigned 32-bit). */
    public static long unsigned(int keyId) {
        return Integer.toUnsignedLong(keyId);
    }

    /**
     * Parses a master keyset: Tink's cleartext JSON keyset format, or that JSON base64-encoded. Messages
     * name {@code origin} and never quote the value.
     */
    public static KeysetHandle parseMasterKeyset(String value, String origin) {
        String text = value == null ? "" : value.strip();
        if (text.isEmpty()) {
            throw new MasterKeyException(
                    origin + " is empty; it must hold a Tink keyset (JSON or base64 of it)");
        }
        if (!text.startsWith("{")) {
            try {
                text = new String(Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8).strip();
            } catch (IllegalArgumentException e) {
                throw notAKeyset(origin);
            }
        }
        KeysetHandle keyset;
        try {
            keyset = TinkJsonProtoKeysetFormat.parseKeyset(text, CONFIG, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            // The parser's message may quote the input, which is key material: leave it out.
            throw notAKeyset(origin);
        }
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry = keyset.getAt(i);
            if (!(entry.getKey().getParameters() instanceof AesGcmParameters p) || p.getKeySizeBytes() != 32
                    || p.getVariant() != AesGcmParameters.Variant.TINK) {
                throw new MasterKeyException(origin + ": key " + unsigned(entry.getId()) + " is "
                        + entry.getKey().getParameters()
                        + ", but the vault needs AES-256-GCM keys with the TINK"
                        + " output prefix (generate a keyset with MasterKeySource.generateKeyset())");
            }
        }
        return keyset;
    }

    private static MasterKeyException notAKeyset(String origin) {
        return new MasterKeyException(
                origin + " is not a Tink cleartext keyset in JSON format or base64 of it"
                        + " (generate one with MasterKeySource.generateKeyset(); see docs/design/vault.md)");
    }

    /** The keyset as Tink's cleartext JSON, the key file's format. */
    public static String toJson(KeysetHandle keyset) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, CONFIG, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink refused to serialize a keyset", e);
        }
    }

    /** The keyset as the base64 of its JSON, the format for {@code WEFT_MASTER_KEY}. */
    public static String toBase64(KeysetHandle keyset) {
        return Base64.getEncoder().encodeToString(toJson(keyset).getBytes(StandardCharsets.UTF_8));
    }

    public static Aead aead(KeysetHandle keyset) {
        try {
            return keyset.getPrimitive(CONFIG, Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink refused to make an AEAD of a keyset", e);
        }
    }

    /** The master key id a wrapped data key names, or empty when it has no TINK prefix. */
    public static OptionalInt keyIdOf(byte[] wrapped) {
        if (wrapped == null || wrapped.length < PREFIX_LENGTH || wrapped[0] != TINK_PREFIX) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(((wrapped[1] & 0xff) << 24) | ((wrapped[2] & 0xff) << 16)
                | ((wrapped[3] & 0xff) << 8) | (wrapped[4] & 0xff));
    }

    /** A fresh data key, serialized as a Tink binary keyset (to be wrapped before it is stored). */
    public static byte[] newDataKey() {
        KeysetHandle key = build(KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(DATA_KEY).withRandomId().makePrimary()));
        try {
            return TinkProtoKeysetFormat.serializeKeyset(key, InsecureSecretKeyAccess.get(), CONFIG);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink refused to serialize a data key", e);
        }
    }

    /** The AEAD of a serialized data key, checked to be one AES-256-GCM key. */
    public static Aead dataKeyAead(byte[] serialized) throws GeneralSecurityException {
        KeysetHandle key = TinkProtoKeysetFormat.parseKeyset(serialized, InsecureSecretKeyAccess.get(),
                CONFIG);
        if (key.size() != 1 || !DATA_KEY.equals(key.getAt(0).getKey().getParameters())) {
            throw new GeneralSecurityException("not an AES-256-GCM data key");
        }
        return key.getPrimitive(CONFIG, Aead.class);
    }
}
