package dev.weft.vault;

import static dev.weft.vault.Bodies.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.connector.Credential;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeySourceTest {

    @TempDir
    Path dir;
    final InMemoryCredentialStore store = new InMemoryCredentialStore();
    final TestClock clock = new TestClock();

    private boolean posix() {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }

    @Test
    void generatesAnOwnerOnlyKeyFileOnFirstStartAndWarnsToBackItUp() throws Exception {
        assumeTrue(posix(), "needs a POSIX file system");
        Path keyFile = MasterKeySource.defaultKeyFile(dir.resolve("data"));

        String log;
        try (LogCapture capture = LogCapture.start()) {
            Vault.open(MasterKeySource.resolve(Map.of(), keyFile), store, clock);
            log = capture.text();
        }

        assertThat(keyFile).exists().hasFileName("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        assertThat(log).contains("WARN").contains("Generated a new master key in " + keyFile.toAbsolutePath())
                .contains("(mode 0600)").contains("Back it up now")
                .contains("keep the backup apart from the database backups");
        String keyMaterial = Bodies.json(Files.readString(keyFile)).get("key").get(0).get("keyData")
                .get("value")
                .asText();
        assertThat(log).doesNotContain(keyMaterial);
    }

    @Test
    void reusesTheKeyFileOnTheNextStartWithoutAWarning() throws Exception {
        Path keyFile = dir.resolve("master.key");
        Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock).put("acme", "erp",
                body("type", "bearer", "token", "t"));
        String content = Files.readString(keyFile);

        String log;
        try (LogCapture capture = LogCapture.start()) {
            Vault again = Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock);
            assertThat(again.reveal("acme", "erp")).contains(new Credential.Bearer("t"));
            log = capture.text();
        }

        assertThat(Files.readString(keyFile)).isEqualTo(content);
        assertThat(log).doesNotContain("WARN").contains("Master key loaded from key file " + keyFile);
    }

    @Test
    void warnsWhenTheKeyFileIsReadableByOthers() throws Exception {
        assumeTrue(posix(), "needs a POSIX file system");
        Path keyFile = dir.resolve("master.key");
        Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

        try (LogCapture capture = LogCapture.start()) {
            Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock);
            assertThat(capture.text()).contains("WARN").contains("has mode rw-r--r--")
                    .contains("chmod 600 " + keyFile);
        }
    }

    @Test
    void theEnvironmentKeyTakesPrecedenceOverTheKeyFile() {
        Path keyFile = dir.resolve("master.key");
        Vault fileVault = Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock);
        String envKey = MasterKeySource.generateKeyset();

        MasterKeySource source = MasterKeySource.resolve(Map.of("WEFT_MASTER_KEY", envKey), keyFile);
        Vault envVault = Vault.open(source, store, clock);
        envVault.put("acme", "erp", body("type", "bearer", "token", "t"));

        assertThat(source.describe()).isEqualTo("environment variable WEFT_MASTER_KEY");
        assertThat(source.keyFile()).isEmpty();
        assertThat(Vault.open(MasterKeySource.ofValue(envKey, "again"), store, clock).reveal("acme", "erp"))
                .contains(new Credential.Bearer("t"));
        assertThatThrownBy(() -> fileVault.reveal("acme", "erp"))
                .isInstanceOf(UnreadableCredentialException.class)
                .hasMessageContaining("which is not in key file " + keyFile);
    }

    @Test
    void anEnvironmentKeyCreatesNoKeyFile() {
        Path keyFile = dir.resolve("master.key");

        Vault.open(
                MasterKeySource.resolve(Map.of("WEFT_MASTER_KEY", MasterKeySource.generateKeyset()), keyFile),
                store, clock);

        assertThat(keyFile).doesNotExist();
    }

    @Test
    void aBlankEnvironmentVariableFallsBackToTheKeyFile() {
        Path keyFile = dir.resolve("master.key");

        MasterKeySource source = MasterKeySource.resolve(Map.of("WEFT_MASTER_KEY", "  "), keyFile);

        assertThat(source.keyFile()).contains(keyFile.toAbsolutePath());
        assertThat(source.describe()).isEqualTo("key file " + keyFile.toAbsolutePath());
    }

    @Test
    void acceptsTheKeysetAsJsonOrBase64() throws Exception {
        Path keyFile = dir.resolve("master.key");
        Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock).put("acme", "erp",
                body("type", "bearer", "token", "t"));
        String json = Files.readString(keyFile);
        String base64 = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));

        for (String value : new String[]{json, base64, "\n" + base64 + "\n"}) {
            assertThat(Vault.open(MasterKeySource.ofValue(value, "WEFT_MASTER_KEY"), store, clock)
                    .reveal("acme", "erp")).contains(new Credential.Bearer("t"));
        }
        Files.writeString(keyFile, base64);
        assertThat(Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock).reveal("acme", "erp"))
                .isPresent();
    }

    @Test
    void refusesAValueThatIsNotAKeysetWithoutQuotingIt() {
        for (String value : new String[]{"not-a-keyset-canary-9b1", "{\"canary-9b1\": 1}",
                Base64.getEncoder().encodeToString("{canary-9b1".getBytes(StandardCharsets.UTF_8))}) {
            assertThatThrownBy(
                    () -> Vault.open(MasterKeySource.ofValue(value, "environment variable WEFT_MASTER_KEY"),
                            store, clock))
                    .isInstanceOf(MasterKeyException.class)
                    .hasMessage(
                            "environment variable WEFT_MASTER_KEY is not a Tink cleartext keyset in JSON format or"
                                    + " base64 of it (generate one with MasterKeySource.generateKeyset(); see"
                                    + " docs/design/vault.md)")
                    .satisfies(e -> assertThat(Bodies.stackTrace(e)).doesNotContain("canary-9b1"));
        }
    }

    @Test
    void refusesAKeysetWhoseKeysAreNotAes256Gcm() throws Exception {
        KeysetHandle aes128 = KeysetHandle.newBuilder().addEntry(KeysetHandle
                .generateEntryFromParameters(PredefinedAeadParameters.AES128_GCM).withRandomId()
                .makePrimary())
                .build();
        String json = TinkJsonProtoKeysetFormat.serializeKeyset(aes128, RegistryConfiguration.get(),
                InsecureSecretKeyAccess.get());

        assertThatThrownBy(() -> Vault.open(MasterKeySource.ofValue(json, "WEFT_MASTER_KEY"), store, clock))
                .isInstanceOf(MasterKeyException.class).hasMessageContaining("WEFT_MASTER_KEY: key ")
                .hasMessageContaining("the vault needs AES-256-GCM keys with the TINK output prefix");
    }

    @Test
    void refusesToGenerateAKeyFileWhenTheStoreAlreadyHoldsCredentials() {
        Path keyFile = dir.resolve("master.key");
        Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock).put("acme", "erp",
                body("type", "bearer", "token", "t"));
        Path lost = dir.resolve("lost.key");

        assertThatThrownBy(() -> Vault.open(MasterKeySource.ofKeyFile(lost), store, clock))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining(
                        "key file " + lost + " does not exist, but the store already holds credentials")
                .hasMessageContaining("Restore the key file from its backup");
        assertThat(lost).doesNotExist();
    }

    @Test
    void refusesToSealWhenTheKeyFileHasDisappeared() throws Exception {
        Path keyFile = dir.resolve("master.key");
        Vault vault = Vault.open(MasterKeySource.ofKeyFile(keyFile), store, clock);
        Files.delete(keyFile);

        assertThatThrownBy(() -> vault.put("acme", "erp", body("type", "bearer", "token", "t")))
                .isInstanceOf(MasterKeyException.class).hasMessageContaining("has disappeared");
        assertThat(store.allCredentials()).isEmpty();
    }

    @Test
    void showsWhereTheKeyComesFromButNeverTheKey() {
        String key = MasterKeySource.generateKeyset();
        MasterKeySource source = MasterKeySource.resolve(Map.of("WEFT_MASTER_KEY", key), dir.resolve("k"));

        assertThat(source.toString()).isEqualTo("MasterKeySource[environment variable WEFT_MASTER_KEY]");
        assertThat(Vault.open(source, store, clock).toString()).doesNotContain(key);
    }
}
