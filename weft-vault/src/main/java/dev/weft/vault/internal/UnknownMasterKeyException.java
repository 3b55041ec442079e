package dev.weft.vault.internal;

/** A wrapped data key names a master key this process does not have, even after re-reading the key file. */
public final class UnknownMasterKeyException extends Exception {

    private final int keyId;
    private final transient MasterKeys known;
    private final String origin;
    private final boolean fromFile;

    UnknownMasterKeyException(int keyId, MasterKeys known, String origin, boolean fromFile) {
        super("master key " + Keysets.unsigned(keyId) + " is not in " + origin);
        this.keyId = keyId;
        this.known = known;
        this.origin = origin;
        this.fromFile = fromFile;
    }

    /** The reason and the fix, for an error naming the credential. */
    public String explain() {
        String fix = fromFile
                ? "restore a key file that holds it from its backup"
                : "set WEFT_MASTER_KEY to the keyset that holds it on every node (after a rotation, the keyset"
                        + " the rotation reported) and restart";
        return "it is sealed under master key " + Keysets.unsigned(keyId) + ", which is not in " + origin
                + " ("
                + known.describe() + "): " + fix;
    }
}
