package dev.weft.vault;

import static dev.weft.vault.Bodies.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.Credential;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.store.SealedCredential;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every part of a stored row is bound to the credential: any change makes reveal fail, closed. */
class TamperingTest {

    private static final String SECRET = "tamper-canary-7f3e";

    @TempDir
    Path dir;
    final InMemoryCredentialStore store = new InMemoryCredentialStore();
    Vault vault;

    @BeforeEach
    void open() {
        vault = Vault.open(MasterKeySource.ofKeyFile(dir.resolve("master.key")), store, new TestClock());
        vault.put("acme", "erp", body("type", "basic", "username", "alice", "password", SECRET));
        vault.put("acme", "crm", body("type", "basic", "username", "bob", "password", "other-" + SECRET));
        vault.put("globex", "erp",
                body("type", "basic", "username", "alice", "password", "globex-" + SECRET));
    }

    private SealedCredential row(String tenant, String name) {
        return store.credential(tenant, name).orElseThrow();
    }

    private static SealedCredential with(SealedCredential r, byte[] ciphertext, byte[] wrappedKey) {
        return new SealedCredential(r.tenantId(), r.name(), r.version(), r.type(), r.metadata(), ciphertext,
                wrappedKey, r.createdAt(), r.updatedAt());
    }

    private void failsClosed(String tenant, String name, String expectedReason) {
        assertThatThrownBy(() -> vault.reveal(tenant, name)).isInstanceOf(UnreadableCredentialException.class)
                .hasMessageStartingWith("credential '" + name + "' of tenant '" + tenant + "'")
                .hasMessageContaining(expectedReason).hasNoCause()
                .satisfies(e -> assertThat(Bodies.stackTrace(e)).doesNotContain(SECRET));
    }

    @Test
    void flippingAnyCiphertextByteFailsClosed() {
        SealedCredential original = row("acme", "erp");
        for (int i = 0; i < original.ciphertext().length; i++) {
            byte[] ciphertext = original.ciphertext().clone();
            ciphertext[i] ^= 0x01;
            store.overwrite(with(original, ciphertext, original.wrappedKey()));
            failsClosed("acme", "erp", "its ciphertext or metadata was altered");
        }
    }

    @Test
    void flippingAnyWrappedKeyByteFailsClosed() {
        SealedCredential original = row("acme", "erp");
        for (int i = 0; i < original.wrappedKey().length; i++) {
            byte[] wrappedKey = original.wrappedKey().clone();
            wrappedKey[i] ^= 0x01;
            store.overwrite(with(original, original.ciphertext(), wrappedKey));
            // Bytes 1 to 4 name the master key: a flip there names a key nobody has.
            failsClosed("acme", "erp", i >= 1 && i <= 4 ? "which is not in key file" : "wrapped data key");
        }
    }

    @Test
    void truncatedOrMissingPartsFailClosed() {
        SealedCredential original = row("acme", "erp");
        store.overwrite(with(original, new byte[0], original.wrappedKey()));
        failsClosed("acme", "erp", "its ciphertext");
        store.overwrite(with(original, original.ciphertext(), new byte[]{1, 2}));
        failsClosed("acme", "erp", "wrapped data key");
        store.overwrite(with(original, null, original.wrappedKey()));
        failsClosed("acme", "erp", "its ciphertext");
    }

    @Test
    void anotherCredentialsRowUnderThisNameFailsClosed() {
        SealedCredential crm = row("acme", "crm");
        SealedCredential erp = row("acme", "erp");
        store.overwrite(with(erp, crm.ciphertext(), crm.wrappedKey()));
        failsClosed("acme", "erp", "wrapped data key");

        // The whole row copied, claiming its own name: the name asked for is what decryption checks.
        store.overwrite(renamed(crm, "acme", "erp"));
        failsClosed("acme", "erp", "wrapped data key");
    }

    @Test
    void anotherTenantsRowFailsClosed() {
        SealedCredential globex = row("globex", "erp");
        store.overwrite(renamed(globex, "acme", "erp"));
        failsClosed("acme", "erp", "wrapped data key");
    }

    @Test
    void anOlderVersionsCiphertextInTheCurrentRowFailsClosed() {
        SealedCredential v1 = row("acme", "erp");
        vault.put("acme", "erp", body("type", "basic", "username", "alice", "password", "new-" + SECRET));
        SealedCredential v2 = row("acme", "erp");

        store.overwrite(with(v2, v1.ciphertext(), v1.wrappedKey()));
        failsClosed("acme", "erp", "wrapped data key");
        // Only the ciphertext of version 1, with version 2's data key.
        store.overwrite(with(v2, v1.ciphertext(), v2.wrappedKey()));
        failsClosed("acme", "erp", "its ciphertext");
    }

    @Test
    void alteredMetadataFailsClosed() {
        tampered(r -> metadata(r, m -> m.put("username", "mallory")),
                "its ciphertext or metadata was altered");
        tampered(r -> metadata(r, m -> m.put("tokenUrl", "https://evil.example")),
                "its ciphertext or metadata");
        tampered(r -> metadata(r, m -> m.remove("username")), "its ciphertext or metadata was altered");
        tampered(r -> metadata(r, m -> m.put("username", 7)), "metadata field 'username' is not a string");
    }

    @Test
    void anAlteredTypeOrVersionFailsClosed() {
        tampered(r -> new SealedCredential(r.tenantId(), r.name(), r.version(), "bearer", r.metadata(),
                r.ciphertext(), r.wrappedKey(), r.createdAt(), r.updatedAt()), "wrapped data key");
        tampered(r -> new SealedCredential(r.tenantId(), r.name(), r.version() + 1, r.type(), r.metadata(),
                r.ciphertext(), r.wrappedKey(), r.createdAt(), r.updatedAt()), "wrapped data key");
    }

    @Test
    void readsOfTheUntouchedRowsStillWork() {
        SealedCredential crm = row("acme", "crm");
        store.overwrite(renamed(crm, "acme", "erp"));

        assertThat(vault.reveal("acme", "crm"))
                .contains(new Credential.Basic("bob", "other-" + SECRET));
        assertThat(vault.reveal("globex", "erp"))
                .contains(new Credential.Basic("alice", "globex-" + SECRET));
    }

    private void tampered(UnaryOperator<SealedCredential> change, String expectedReason) {
        SealedCredential original = row("acme", "erp");
        store.overwrite(change.apply(original));
        failsClosed("acme", "erp", expectedReason);
        store.overwrite(original);
        assertThat(vault.reveal("acme", "erp")).isPresent();
    }

    private static SealedCredential metadata(SealedCredential r,
            java.util.function.Consumer<ObjectNode> change) {
        ObjectNode metadata = r.metadata().deepCopy();
        change.accept(metadata);
        return new SealedCredential(r.tenantId(), r.name(), r.version(), r.type(), metadata, r.ciphertext(),
                r.wrappedKey(), r.createdAt(), r.updatedAt());
    }

    private static SealedCredential renamed(SealedCredential r, String tenant, String name) {
        return new SealedCredential(tenant, name, r.version(), r.type(), r.metadata(), r.ciphertext(),
                r.wrappedKey(),
                r.createdAt(), r.updatedAt());
    }
}
