package dev.weft.vault.internal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * One loaded master keyset: its primary key wraps new data keys, every key unwraps. Immutable and
 * thread-safe; a rotation or reload makes a new one.
 */
public final class MasterKeys {

    private final KeysetHandle keyset;
    private final Aead aead;
    private final List<Integer> ids;

    MasterKeys(KeysetHandle keyset) {
        this.keyset = keyset;
        this.aead = Keysets.aead(keyset);
        this.ids = List.copyOf(Keysets.keyIds(keyset));
    }

    KeysetHandle keyset() {
        return keyset;
    }

    public int primaryId() {
        return keyset.getPrimary().getId();
    }

    public List<Integer> ids() {
        return ids;
    }

    public boolean contains(int keyId) {
        return ids.contains(keyId);
    }

    /** True when {@code wrapped} was wrapped under this keyset's primary key. */
    public boolean isUnderPrimary(byte[] wrapped) {
        OptionalInt id = Keysets.keyIdOf(wrapped);
        return id.isPresent() && id.getAsInt() == primaryId();
    }

    public byte[] wrap(byte[] dataKey, byte[] associatedData) {
        try {
            return aead.encrypt(dataKey, associatedData);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public byte[] unwrap(byte[] wrapped, byte[] associatedData) throws GeneralSecurityException {
        return aead.decrypt(wrapped, associatedData);
    }

    /** {@code primary key 3016743881, 2 keys (3016743881, 17)}: ids only, never key material. */
    public String describe() {
        return "primary key " + Keysets.unsigned(primaryId()) + ", " + ids.size()
                + (ids.size() == 1 ? " key" : " keys (" + idList(ids) + ")");
    }

    static String idList(List<Integer> ids) {
        return ids.stream().map(id -> Long.toString(Keysets.unsigned(id))).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "MasterKeys[" + describe() + "]";
    }
}
