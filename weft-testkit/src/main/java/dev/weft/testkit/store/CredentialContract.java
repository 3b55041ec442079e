package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static dev.weft.testkit.store.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.store.CredentialStore;
import dev.weft.store.SealedCredential;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sealed credentials: a compare-and-set on the version, a re-wrap of one version's data key, bytes kept
 * exactly, tenants apart.
 */
interface CredentialContract extends StorageUnderTest {

    /** Binary data that a store could mangle: every byte value, zeros, and a length past 64 KiB. */
    static byte[] everyByte(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        for (int i = 0; i < Math.min(256, length); i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    static SealedCredential sealed(String tenantId, String name, int version) {
        return new SealedCredential(tenantId, name, version, "oauth2-client",
                json("{\"clientId\":\"app-" + version + "\",\"tokenUrl\":\"https://auth.example/token\"}"),
                ("ciphertext of " + tenantId + "/" + name + " v" + version).getBytes(StandardCharsets.UTF_8),
                ("wrapped key v" + version).getBytes(StandardCharsets.UTF_8),
                T0, T0.plusSeconds(version));
    }

    /** Records compare arrays by identity; a stored credential is read back as new arrays. */
    static void assertSameCredential(Optional<SealedCredential> actual, SealedCredential expected) {
        assertThat(actual).isPresent();
        assertSameCredential(actual.get(), expected);
    }

    static void assertSameCredential(SealedCredential actual, SealedCredential expected) {
        assertThat(actual.tenantId()).isEqualTo(expected.tenantId());
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(actual.version()).isEqualTo(expected.version());
        assertThat(actual.type()).isEqualTo(expected.type());
        assertThat(actual.metadata()).isEqualTo(expected.metadata());
        assertThat(actual.ciphertext()).isEqualTo(expected.ciphertext());
        assertThat(actual.wrappedKey()).isEqualTo(expected.wrappedKey());
        assertThat(actual.createdAt()).isEqualTo(expected.createdAt());
        assertThat(actual.updatedAt()).isEqualTo(expected.updatedAt());
    }

    private CredentialStore credentials() {
        return storage().credentials();
    }

    @Test
    default void theFirstVersionIsWrittenOnlyWhileTheNameIsFree() {
        SealedCredential first = sealed("acme", "stripe", 1);

        assertThat(credentials().putCredential(first, 0)).isTrue();
        assertThat(credentials().putCredential(sealed("acme", "stripe", 1), 0)).isFalse();

        assertSameCredential(credentials().credential("acme", "stripe"), first);
    }

    @Test
    default void aReplacementIsWrittenOnlyOverTheExpectedVersion() {
        credentials().putCredential(sealed("acme", "stripe", 1), 0);
        SealedCredential second = sealed("acme", "stripe", 2);

        assertThat(credentials().putCredential(second, 1)).isTrue();
        // Another writer that read version 1 too comes second, and writes nothing.
        SealedCredential stale = new SealedCredential("acme", "stripe", 2, "basic", null, new byte[]{1},
                new byte[]{2}, T0, T0);
        assertThat(credentials().putCredential(stale, 1)).isFalse();

        assertSameCredential(credentials().credential("acme", "stripe"), second);
        assertThat(credentials().putCredential(sealed("acme", "stripe", 3), 2)).isTrue();
        assertThat(credentials().credential("acme", "stripe")).hasValueSatisfying(
                c -> assertThat(c.version()).isEqualTo(3));
    }

    @Test
    default void aReplacementOfANameNeverWrittenWritesNothing() {
        assertThat(credentials().putCredential(sealed("acme", "stripe", 2), 1)).isFalse();

        assertThat(credentials().credential("acme", "stripe")).isEmpty();
    }

    @Test
    default void aVersionMustBeOneMoreThanTheExpectedOne() {
        // The vault binds the version into the ciphertext, so a store that renumbered would break it.
        assertThatThrownBy(() -> credentials().putCredential(sealed("acme", "stripe", 3), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(credentials().credential("acme", "stripe")).isEmpty();
    }

    @Test
    default void bytesAndMetadataRoundTripExactly() {
        SealedCredential binary = new SealedCredential("acme", "signing-key", 1, "private-key",
                json("{\"algorithm\":\"RS256\",\"kid\":\"k-1\",\"nested\":{\"list\":[1,2.5,null,\"x\"]}}"),
                everyByte(70_000, 7), everyByte(300, 11), T0, T0);
        SealedCredential bare = new SealedCredential("acme", "no-metadata", 1, "token", null,
                new byte[]{0}, new byte[]{(byte) 0xff, 0, (byte) 0x80}, T0, T0);

        credentials().putCredential(binary, 0);
        credentials().putCredential(bare, 0);

        assertSameCredential(credentials().credential("acme", "signing-key"), binary);
        assertSameCredential(credentials().credential("acme", "no-metadata"), bare);
    }

    @Test
    default void aRewrapReplacesTheKeyOfTheMatchingVersionOnly() {
        credentials().putCredential(sealed("acme", "stripe", 1), 0);
        SealedCredential second = sealed("acme", "stripe", 2);
        credentials().putCredential(second, 1);
        byte[] rewrapped = everyByte(48, 3);

        // The writer of version 2 wrapped its key itself; a re-wrap of version 1 must not overwrite it.
        assertThat(credentials().rewrapCredential("acme", "stripe", 1, everyByte(48, 4))).isFalse();
        assertThat(credentials().rewrapCredential("acme", "stripe", 2, rewrapped)).isTrue();
        assertThat(credentials().rewrapCredential("acme", "gone", 1, rewrapped)).isFalse();

        assertSameCredential(credentials().credential("acme", "stripe"),
                new SealedCredential("acme", "stripe", 2, second.type(), second.metadata(),
                        second.ciphertext(),
                        rewrapped, second.createdAt(), second.updatedAt()));
    }

    @Test
    default void tenantsKeepTheirCredentialsApart() {
        credentials().putCredential(sealed("acme", "stripe", 1), 0);
        credentials().putCredential(sealed("acme", "github", 1), 0);
        SealedCredential globex = sealed("globex", "stripe", 1);
        credentials().putCredential(globex, 0);

        assertThat(credentials().putCredential(sealed("globex", "stripe", 2), 1)).isTrue();
        assertThat(credentials().credential("acme", "stripe")).hasValueSatisfying(
                c -> assertThat(c.version()).isEqualTo(1));
        assertThat(credentials().credentials("acme")).extracting(SealedCredential::name)
                .containsExactly("github", "stripe");
        assertThat(credentials().rewrapCredential("globex", "github", 1, new byte[]{1})).isFalse();
        assertThat(credentials().deleteCredential("globex", "github")).isFalse();
        assertThat(credentials().deleteCredential("acme", "stripe")).isTrue();
        assertThat(credentials().credential("globex", "stripe")).isPresent();
        assertThat(credentials().credentials("initech")).isEmpty();
    }

    @Test
    default void allCredentialsListsEveryTenants() {
        credentials().putCredential(sealed("globex", "stripe", 1), 0);
        credentials().putCredential(sealed("acme", "stripe", 1), 0);
        credentials().putCredential(sealed("acme", "github", 1), 0);

        List<SealedCredential> all = credentials().allCredentials();

        assertThat(all).extracting(c -> c.tenantId() + "/" + c.name())
                .containsExactlyInAnyOrder("acme/github", "acme/stripe", "globex/stripe");
        assertSameCredential(all.stream().filter(c -> c.tenantId().equals("globex")).findFirst(),
                sealed("globex", "stripe", 1));
    }

    @Test
    default void aDeletedNameIsFreeAgain() {
        credentials().putCredential(sealed("acme", "stripe", 1), 0);
        credentials().putCredential(sealed("acme", "stripe", 2), 1);

        assertThat(credentials().deleteCredential("acme", "stripe")).isTrue();
        assertThat(credentials().deleteCredential("acme", "stripe")).isFalse();
        assertThat(credentials().credential("acme", "stripe")).isEmpty();
        assertThat(credentials().putCredential(sealed("acme", "stripe", 3), 2)).isFalse();
        assertThat(credentials().putCredential(sealed("acme", "stripe", 1), 0)).isTrue();
    }

    @Test
    default void ofManyWritersRacingOverOneVersionExactlyOneWins() {
        credentials().putCredential(sealed("acme", "stripe", 1), 0);

        List<Boolean> firsts = Concurrently.run(8,
                i -> () -> credentials().putCredential(sealed("acme", "github", 1), 0));
        List<Boolean> replacements = Concurrently.run(8, i -> () -> credentials().putCredential(
                new SealedCredential("acme", "stripe", 2, "writer-" + i, null, new byte[]{(byte) i},
                        new byte[]{(byte) i}, T0, T0),
                1));

        assertThat(firsts).containsOnlyOnce(true);
        assertThat(replacements).containsOnlyOnce(true);
        assertThat(credentials().credential("acme", "stripe")).hasValueSatisfying(
                c -> assertThat(c.type()).isEqualTo("writer-" + replacements.indexOf(true)));
    }
}
