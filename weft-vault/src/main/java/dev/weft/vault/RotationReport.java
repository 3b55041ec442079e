package dev.weft.vault;

import java.util.List;
import java.util.Optional;

/**
 * What a master-key rotation did. Immutable; {@code toString()} leaves out {@link #keysetToInstall}.
 *
 * @param primaryKeyId the master key every data key is now wrapped under (Tink key id, unsigned)
 * @param retiredKeyIds keys removed from the key file; with the key from the environment, the keys to
 *     remove by installing {@link #keysetToInstall}
 * @param rewrapped credentials whose data key was re-wrapped under the primary key
 * @param alreadyCurrent credentials already wrapped under the primary key
 * @param unreadable credentials ({@code tenant/name}) whose data key no available master key could
 *     unwrap; they were unreadable before the rotation as well
 * @param keysetToInstall with the key from {@code WEFT_MASTER_KEY} only: the keyset without the retired
 *     keys, to set as {@code WEFT_MASTER_KEY} on every node (key material: show it to the operator only)
 */
public record RotationReport(
        long primaryKeyId,
        List<Long> retiredKeyIds,
        int rewrapped,
        int alreadyCurrent,
        List<String> unreadable,
        Optional<String> keysetToInstall) {

    public RotationReport {
        retiredKeyIds = List.copyOf(retiredKeyIds);
        unreadable = List.copyOf(unreadable);
    }

    @Override
    public String toString() {
        return "RotationReport[primaryKeyId=" + primaryKeyId + ", retiredKeyIds=" + retiredKeyIds
                + ", rewrapped="
                + rewrapped + ", alreadyCurrent=" + alreadyCurrent + ", unreadable=" + unreadable
                + ", keysetToInstall=" + keysetToInstall.map(k -> "***").orElse("none") + "]";
    }
}
