package dev.weft.vault.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.vault.UnreadableCredentialException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Envelope encryption of one credential: its secret fields under a fresh data key, the data key under
 * the master key. Both are bound by associated data to the tenant, name, version and type (the
 * ciphertext also to the metadata), so a row copied to another place or altered fails to open.
 * Stateless and thread-safe.
 */
public final class Envelope {

    private static final String DATA_KEY_LABEL = "weft-vault data key v1";
    private static final String SECRETS_LABEL = "weft-vault secrets v1";

    private Envelope() {
    }

    /** Which credential a sealed row claims to be, as the caller asked for it. */
    public record Ref(String tenant, String name, int version) {

        public String describe() {
            return "credential '" + name + "' of tenant '" + tenant + "' (version " + version + ")";
        }
    }

    /** The two encrypted parts of a credential. */
    public record Sealed(byte[] ciphertext, byte[] wrappedKey) {
    }

    public static Sealed seal(MasterKeys keys, Ref ref, String type, JsonNode metadata, byte[] secrets) {
        byte[] dataKey = Keysets.newDataKey();
        try {
            byte[] ciphertext = Keysets.dataKeyAead(dataKey).encrypt(secrets,
                    secretsAad(ref, type, metadata));
            return new Sealed(ciphertext, keys.wrap(dataKey, dataKeyAad(ref, type)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing " + ref.describe() + " failed", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The secret fields' plaintext (UTF-8 JSON); fails closed, naming the credential and the reason. */
    public static byte[] open(MasterKeyring ring, Ref ref, String type, JsonNode metadata, byte[] ciphertext,
            byte[] wrappedKey) {
        byte[] dataKey = unwrap(ring, ref, type, wrappedKey);
        try {
            if (ciphertext == null) {
                throw new GeneralSecurityException("no ciphertext");
            }
            return Keysets.dataKeyAead(dataKey).decrypt(ciphertext, secretsAad(ref, type, metadata));
        } catch (GeneralSecurityException e) {
            throw new UnreadableCredentialException(ref.describe() + " cannot be decrypted: its ciphertext or"
                    + " metadata was altered, or was copied from another credential, tenant or version");
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** The data key re-wrapped under {@code to}'s primary key, unwrapped with {@code from}. */
    public static byte[] rewrap(MasterKeys from, MasterKeys to, Ref ref, String type, byte[] wrappedKey) {
        byte[] aad = dataKeyAad(ref, type);
        byte[] dataKey;
        try {
            dataKey = from.unwrap(wrappedKey, aad);
        } catch (GeneralSecurityException e) {
            throw unreadableKey(ref);
        }
        try {
            return to.wrap(dataKey, aad);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static byte[] unwrap(MasterKeyring ring, Ref ref, String type, byte[] wrappedKey) {
        try {
            return ring.unwrap(wrappedKey, dataKeyAad(ref, type));
        } catch (UnknownMasterKeyException e) {
            throw new UnreadableCredentialException(ref.describe() + " cannot be decrypted: " + e.explain());
        } catch (GeneralSecurityException e) {
            throw unreadableKey(ref);
        }
    }

    private static UnreadableCredentialException unreadableKey(Ref ref) {
        return new UnreadableCredentialException(ref.describe() + " cannot be decrypted: its wrapped data key"
                + " was altered, or was copied from another credential, tenant or version");
    }

    private static byte[] dataKeyAad(Ref ref, String type) {
        return encode(
                List.of(DATA_KEY_LABEL, ref.tenant(), ref.name(), Integer.toString(ref.version()), type));
    }

    private static byte[] secretsAad(Ref ref, String type, JsonNode metadata) {
        List<String> parts = new ArrayList<>(List.of(SECRETS_LABEL, ref.tenant(), ref.name(),
                Integer.toString(ref.version()), type));
        if (metadata == null || !metadata.isObject()) {
            throw new UnreadableCredentialException(
                    ref.describe() + " cannot be read: its stored metadata is not a JSON object");
        }
        // Sorted, because a database may keep a JSON object's fields in another order.
        List<String> names = new ArrayList<>();
        metadata.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        for (String field : names) {
            JsonNode value = metadata.get(field);
            if (!value.isTextual()) {
                throw new UnreadableCredentialException(
                        ref.describe() + " cannot be read: its stored metadata"
                                + " field '" + field + "' is not a string");
            }
            parts.add(field);
            parts.add(value.textValue());
        }
        return encode(parts);
    }

    /** Each part as its length and its UTF-8 bytes, so that no two lists encode alike. */
    private static byte[] encode(List<String> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
