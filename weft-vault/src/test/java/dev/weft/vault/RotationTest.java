package dev.weft.vault;

import static dev.weft.vault.Bodies.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.Credential;
import dev.weft.store.SealedCredential;
import dev.weft.vault.internal.Keysets;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotationTest {

    @TempDir
    Path dir;
    Path keyFile;
    final InMemoryCredentialStore store = new InMemoryCredentialStore();
    final TestClock clock = new TestClock();
    Vault vault;

    @BeforeEach
    void open() {
        keyFile = dir.resolve("master.key");
        vault = Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock);
        vault.put("acme", "erp", body("type", "basic", "username", "alice", "password", "pw-erp"));
        vault.put("acme", "crm", body("type", "bearer", "token", "tok-crm"));
        vault.put("globex", "maps",
                body("type", "apiKey", "in", "header", "name", "X-Key", "value", "k-maps"));
    }

    private List<Long> keyIdsInFile() throws IOException {
        return Keysets.keyIds(Keysets.parseMasterKeyset(Files.readString(keyFile), "test")).stream()
                .map(Keysets::unsigned).toList();
    }

    private List<Long> wrappingKeyIds() {
        return store.allCredentials().stream()
                .map(r -> Keysets.unsigned(Keysets.keyIdOf(r.wrappedKey()).orElseThrow())).distinct()
                .toList();
    }

    private void allRevealAsWritten(Vault v) {
        assertThat(v.reveal("acme", "erp")).contains(new Credential.Basic("alice", "pw-erp"));
        assertThat(v.reveal("acme", "crm")).contains(new Credential.Bearer("tok-crm"));
        assertThat(v.reveal("globex", "maps")).contains(
                new Credential.ApiKey(Credential.ApiKey.Location.HEADER, "X-Key", "k-maps"));
    }

    @Test
    void rotationRewrapsEveryDataKeyAndRetiresTheOldKey() throws IOException {
        List<Long> before = keyIdsInFile();
        byte[] ciphertextBefore = store.credential("acme", "erp").orElseThrow().ciphertext();
        Path oldKeyFile = Files.copy(keyFile, dir.resolve("old.key"));

        RotationReport report = vault.rotate();

        assertThat(before).hasSize(1);
        assertThat(report.rewrapped()).isEqualTo(3);
        assertThat(report.alreadyCurrent()).isZero();
        assertThat(report.unreadable()).isEmpty();
        assertThat(report.retiredKeyIds()).isEqualTo(before);
        assertThat(report.keysetToInstall()).isEmpty();
        assertThat(keyIdsInFile()).containsExactly(report.primaryKeyId()).doesNotContainAnyElementsOf(before);
        assertThat(wrappingKeyIds()).containsExactly(report.primaryKeyId());
        assertThat(store.credential("acme", "erp").orElseThrow().ciphertext()).isEqualTo(ciphertextBefore);
        allRevealAsWritten(vault);
        allRevealAsWritten(Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock));
        Vault withOldKey = Vault.open(MasterKeySource.ofKeyFile(oldKeyFile), store, clock);
        assertThatThrownBy(() -> withOldKey.reveal("acme", "erp"))
                .isInstanceOf(UnreadableCredentialException.class)
                .hasMessageContaining(
                        "sealed under master key " + report.primaryKeyId() + ", which is not in key file");
    }

    @Test
    void aSecondRotationRetiresTheFirstOnesKey() {
        RotationReport first = vault.rotate();
        RotationReport second = vault.rotate();

        assertThat(second.retiredKeyIds()).containsExactly(first.primaryKeyId());
        assertThat(second.rewrapped()).isEqualTo(3);
        assertThat(wrappingKeyIds()).containsExactly(second.primaryKeyId());
        allRevealAsWritten(vault);
    }

    @Test
    void anotherVaultHoldingTheOldKeyFileKeepsWorkingAfterTheRotation() throws IOException {
        Vault other = Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock);
        allRevealAsWritten(other);

        RotationReport report = vault.rotate();

        // It meets data keys under a key it does not know, reads the key file again and decrypts.
        allRevealAsWritten(other);
        assertThat(other.describeMasterKey()).contains("primary key " + report.primaryKeyId());
        other.put("acme", "new", body("type", "secret", "value", "v"));
        assertThat(
                Keysets.unsigned(Keysets.keyIdOf(store.credential("acme", "new").orElseThrow().wrappedKey())
                        .orElseThrow()))
                .isEqualTo(report.primaryKeyId());
    }

    @Test
    void aWriterThatHasNotSeenTheNewKeyFileSealsUnderTheNewPrimary() {
        Vault other = Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock);
        RotationReport report = vault.rotate();

        other.put("acme", "erp", body("type", "basic", "username", "alice", "password", "pw-2"));

        assertThat(wrappingKeyIds()).containsExactly(report.primaryKeyId());
    }

    @Test
    void aCredentialRewrittenUnderTheOldKeyDuringTheRotationIsRewrappedAgain() throws IOException {
        // A process that still holds only the old key, writing while the rotation runs.
        Vault stale = Vault.open(MasterKeySource.ofValue(Files.readString(keyFile), "old key"), store, clock);
        store.beforeNextRewrap(() -> {
            for (SealedCredential row : store.allCredentials()) {
                stale.put(row.tenantId(), row.name(),
                        body("type", "secret", "value", "changed-" + row.name()));
            }
        });

        RotationReport report = vault.rotate();

        assertThat(report.unreadable()).isEmpty();
        assertThat(wrappingKeyIds()).containsExactly(report.primaryKeyId());
        assertThat(vault.reveal("acme", "erp")).contains(new Credential.Secret("changed-erp"));
        assertThat(vault.reveal("globex", "maps")).contains(new Credential.Secret("changed-maps"));
    }

    @Test
    void aCredentialAddedUnderTheOldKeyDuringTheRotationIsRewrappedBeforeTheKeyIsGone() throws IOException {
        Vault stale = Vault.open(MasterKeySource.ofValue(Files.readString(keyFile), "old key"), store, clock);
        store.beforeNextRewrap(
                () -> stale.put("acme", "late", body("type", "bearer", "token", "late-token")));

        RotationReport report = vault.rotate();

        assertThat(report.rewrapped()).isEqualTo(4);
        assertThat(wrappingKeyIds()).containsExactly(report.primaryKeyId());
        assertThat(vault.reveal("acme", "late")).contains(new Credential.Bearer("late-token"));
    }

    @Test
    void aWriteSealedBeforeAndCommittedAfterAWholeRotationElsewhereRewrapsItself() {
        Vault other = Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock);
        RotationReport[] report = new RotationReport[1];
        // The other process has sealed under the old key; the whole rotation runs before it commits.
        store.beforeNextPut(() -> report[0] = vault.rotate());

        other.put("acme", "slow", body("type", "bearer", "token", "slow-token"));

        assertThat(report[0].retiredKeyIds()).isNotEmpty();
        assertThat(wrappingKeyIds()).containsExactly(report[0].primaryKeyId());
        assertThat(vault.reveal("acme", "slow")).contains(new Credential.Bearer("slow-token"));
    }

    @Test
    void aDeletedCredentialDuringTheRotationIsSkipped() {
        store.beforeNextRewrap(() -> vault.delete("acme", "erp"));

        RotationReport report = vault.rotate();

        assertThat(report.rewrapped()).isEqualTo(2);
        assertThat(store.allCredentials()).hasSize(2);
        assertThat(wrappingKeyIds()).containsExactly(report.primaryKeyId());
    }

    @Test
    void anUnreadableCredentialIsReportedAndTheRestRotated() {
        SealedCredential erp = store.credential("acme", "erp").orElseThrow();
        byte[] wrapped = erp.wrappedKey().clone();
        wrapped[wrapped.length - 1] ^= 1;
        store.overwrite(
                new SealedCredential(erp.tenantId(), erp.name(), erp.version(), erp.type(), erp.metadata(),
                        erp.ciphertext(), wrapped, erp.createdAt(), erp.updatedAt()));

        RotationReport report = vault.rotate();

        assertThat(report.unreadable()).containsExactly("acme/erp");
        assertThat(report.rewrapped()).isEqualTo(2);
        assertThat(vault.reveal("acme", "crm")).contains(new Credential.Bearer("tok-crm"));
    }

    @Test
    void readsAndWritesOfOtherThreadsKeepWorkingWhileTheKeyRotates() throws Exception {
        Vault other = Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock);
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger writes = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Vault v = t % 2 == 0 ? vault : other;
            String writer = "w" + t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    do {
                        allRevealAsWritten(v);
                        reads.incrementAndGet();
                        v.put("acme", writer,
                                body("type", "secret", "value", "v" + writes.incrementAndGet()));
                    } while (!done.get());
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        RotationReport last = null;
        for (int i = 0; i < 3; i++) {
            last = vault.rotate();
        }
        done.set(true);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(failures).isEmpty();
        assertThat(reads.get()).isGreaterThanOrEqualTo(4);
        assertThat(wrappingKeyIds()).containsExactly(last.primaryKeyId());
        assertThat(keyIdsInFile()).containsExactly(last.primaryKeyId());
        for (int t = 0; t < 4; t++) {
            assertThat(vault.reveal("acme", "w" + t)).isPresent();
        }
    }

    @Test
    void refusesToRotateWhileAnotherRotationHoldsTheLock() throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve("master.key.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
            assertThat(lock.isValid()).isTrue();
            assertThatThrownBy(vault::rotate).isInstanceOf(MasterKeyException.class)
                    .hasMessageContaining("another master key rotation is running");
        }
        assertThat(vault.rotate().rewrapped()).isEqualTo(3);
    }

    @Test
    void anEnvironmentKeyWithOneKeyCannotRotateAndTheErrorSaysHow() {
        Vault fromEnv = Vault.open(MasterKeySource.ofValue(MasterKeySource.generateKeyset(),
                "environment variable WEFT_MASTER_KEY"), new InMemoryCredentialStore(), clock);

        assertThatThrownBy(fromEnv::rotate).isInstanceOf(MasterKeyException.class)
                .hasMessageContaining(
                        "cannot rotate the master key from environment variable WEFT_MASTER_KEY")
                .hasMessageContaining("MasterKeySource.addPrimaryKey(currentValue)")
                .hasMessageContaining("set WEFT_MASTER_KEY to it on every node and restart")
                .hasMessageContaining("docs/design/vault.md");
    }

    @Test
    void anEnvironmentKeyRotatesInTwoInstallSteps() {
        InMemoryCredentialStore envStore = new InMemoryCredentialStore();
        String first = MasterKeySource.generateKeyset();
        Vault before = Vault.open(MasterKeySource.ofValue(first, "WEFT_MASTER_KEY"), envStore, clock);
        before.put("acme", "erp", body("type", "bearer", "token", "t-erp"));
        before.put("acme", "crm", body("type", "bearer", "token", "t-crm"));

        // Step 1: the operator installs the current keyset plus a new primary and restarts.
        String next = MasterKeySource.addPrimaryKey(first);
        Vault during = Vault.open(MasterKeySource.ofValue(next, "WEFT_MASTER_KEY"), envStore, clock);
        RotationReport report = during.rotate();

        assertThat(report.rewrapped()).isEqualTo(2);
        assertThat(report.retiredKeyIds()).hasSize(1).doesNotContain(report.primaryKeyId());
        assertThat(report.keysetToInstall()).isPresent();
        assertThat(report.toString()).doesNotContain(report.keysetToInstall().get())
                .contains("keysetToInstall=***");
        // Step 2: the operator installs the reported keyset, which no longer holds the old key.
        Vault after = Vault.open(MasterKeySource.ofValue(report.keysetToInstall().get(), "WEFT_MASTER_KEY"),
                envStore, clock);
        assertThat(after.describeMasterKey()).endsWith("primary key " + report.primaryKeyId() + ", 1 key");
        assertThat(after.reveal("acme", "erp")).contains(new Credential.Bearer("t-erp"));
        assertThat(after.reveal("acme", "crm")).contains(new Credential.Bearer("t-crm"));
        assertThatThrownBy(
                () -> Vault.open(MasterKeySource.ofValue(first, "WEFT_MASTER_KEY"), envStore, clock)
                        .reveal("acme", "erp"))
                .hasMessageContaining("set WEFT_MASTER_KEY to the keyset that holds it");
    }
}
