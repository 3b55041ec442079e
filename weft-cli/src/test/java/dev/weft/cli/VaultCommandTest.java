package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.Storage;
import dev.weft.store.jdbc.SqliteStorage;
import dev.weft.vault.CredentialSecrets;
import dev.weft.vault.MasterKeySource;
import dev.weft.vault.UnreadableCredentialException;
import dev.weft.vault.Vault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft vault rotate} and {@code add-key} on a real SQLite store holding credentials. */
class VaultCommandTest {
    private static final String TENANT = "default";
    private static final Map<String, String> SECRETS = Map.of(
            "erp", "canary-erp-password-7f3a91c2",
            "crm", "canary-crm-token-2b8e44d0",
            "hook", "canary-hook-secret-9c1d05e7");
    private static final Pattern PRIMARY = Pattern.compile("primary key (\\d+)");

    @TempDir
    Path data;

    private void withVault(MasterKeySource key, Consumer<Vault> use) {
        try (Storage storage = SqliteStorage.open(data)) {
            use.accept(Vault.open(key, storage.credentials(), Clock.systemUTC()));
        }
    }

    private void writeCredentials(MasterKeySource key) {
        withVault(key, vault -> {
            vault.put(TENANT, "erp",
                    body("type", "basic", "username", "ann", "password", SECRETS.get("erp")));
            vault.put(TENANT, "crm", body("type", "bearer", "token", SECRETS.get("crm")));
            vault.put(TENANT, "hook", body("type", "secret", "value", SECRETS.get("hook")));
        });
    }

    private void assertEveryCredentialReveals(MasterKeySource key) {
        withVault(key, vault -> SECRETS.forEach((name, secret) -> assertThat(
                vault.reveal(TENANT, name).map(CredentialSecrets::of).orElseThrow())
                .containsExactly(secret)));
    }

    private String describeKey(MasterKeySource key) {
        String[] described = new String[1];
        withVault(key, vault -> described[0] = vault.describeMasterKey());
        return described[0];
    }

    private static ObjectNode body(String... fields) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        for (int i = 0; i < fields.length; i += 2) {
            o.put(fields[i], fields[i + 1]);
        }
        return o;
    }

    /** The key material in a keyset (JSON, or base64 of it): each key's base64 value. */
    private static List<String> keyMaterial(String keyset) throws Exception {
        String json = keyset.strip().startsWith("{")
                ? keyset
                : new String(Base64.getMimeDecoder().decode(keyset.strip()), StandardCharsets.UTF_8);
        List<String> values = new ArrayList<>();
        for (JsonNode key : Json.MAPPER.readTree(json).path("key")) {
            values.add(key.path("keyData").path("value").asText());
        }
        assertThat(values).isNotEmpty().allSatisfy(v -> assertThat(v).hasSizeGreaterThan(20));
        return values;
    }

    private static void assertNothingSecretIn(CommandLineRun run, List<String> keyMaterial) {
        assertThat(run.all()).doesNotContain(SECRETS.values()).doesNotContain(keyMaterial);
    }

    private static boolean ownerOnly(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file)).equals("rw-------");
    }

    @Test
    void withTheKeyFileEveryCredentialIsRewrappedUnderANewKeyAndStillReveals() throws Exception {
        Path keyFile = data.resolve("master.key");
        MasterKeySource key = MasterKeySource.ofKeyFile(keyFile);
        writeCredentials(key);
        String before = Files.readString(keyFile);
        String describedBefore = describeKey(key);

        CommandLineRun run = CommandLineRun.weft(Map.of(), "vault", "rotate", "--data", data.toString());

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("master key: key file " + keyFile.toAbsolutePath())
                .contains("credentials re-wrapped: 3, already under the primary key: 0, unreadable: 0")
                .contains("Back up " + keyFile.toAbsolutePath());
        Matcher primary = PRIMARY.matcher(describedBefore);
        assertThat(primary.find()).isTrue();
        assertThat(run.out()).contains("retired keys: " + primary.group(1));
        String describedAfter = describeKey(key);
        assertThat(describedAfter).doesNotContain(primary.group(0)).endsWith(", 1 key");
        Matcher newPrimary = PRIMARY.matcher(describedAfter);
        assertThat(newPrimary.find()).isTrue();
        assertThat(run.out()).contains("primary key (new): " + newPrimary.group(1));
        assertEveryCredentialReveals(key);
        List<String> material = new ArrayList<>(keyMaterial(before));
        material.addAll(keyMaterial(Files.readString(keyFile)));
        assertNothingSecretIn(run, material);
    }

    @Test
    void withTheKeyFromTheEnvironmentTheKeysetToInstallGoesToAPrivateFileOnly() throws Exception {
        String first = MasterKeySource.generateKeyset();
        writeCredentials(MasterKeySource.ofValue(first, "test"));
        List<String> material = new ArrayList<>(keyMaterial(first));
        Path next = data.resolve("next.keyset");
        Path last = data.resolve("final.keyset");

        CommandLineRun noFile = CommandLineRun.weft(Map.of("WEFT_MASTER_KEY", first), "vault", "rotate",
                "--data", data.toString());
        assertThat(noFile.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(noFile.err()).contains("--keyset-out FILE").contains("never printed");

        CommandLineRun singleKey = CommandLineRun.weft(Map.of("WEFT_MASTER_KEY", first), "vault", "rotate",
                "--data", data.toString(), "--keyset-out", last.toString());
        assertThat(singleKey.exit()).as(singleKey.all()).isEqualTo(ExitCodes.INVALID);
        assertThat(singleKey.err()).contains("weft vault add-key --keyset-out next.keyset")
                .contains("weft vault rotate --keyset-out final.keyset");
        assertThat(last).doesNotExist();

        CommandLineRun addKey = CommandLineRun.weft(Map.of("WEFT_MASTER_KEY", first), "vault", "add-key",
                "--keyset-out", next.toString());
        assertThat(addKey.exit()).as(addKey.all()).isZero();
        assertThat(ownerOnly(next)).isTrue();
        String second = Files.readString(next).strip();
        material.addAll(keyMaterial(second));
        assertEveryCredentialReveals(MasterKeySource.ofValue(second, "test"));

        CommandLineRun rotate = CommandLineRun.weft(Map.of("WEFT_MASTER_KEY", second), "vault", "rotate",
                "--data", data.toString(), "--keyset-out", last.toString());
        assertThat(rotate.exit()).as(rotate.all()).isZero();
        assertThat(rotate.out()).contains("master key: environment variable WEFT_MASTER_KEY")
                .contains("credentials re-wrapped: 3").contains("in " + last + " (mode 0600)");
        assertThat(ownerOnly(last)).isTrue();
        String installed = Files.readString(last).strip();
        material.addAll(keyMaterial(installed));
        assertThat(keyMaterial(installed)).hasSize(1);
        assertEveryCredentialReveals(MasterKeySource.ofValue(installed, "test"));
        withVault(MasterKeySource.ofValue(first, "test"), vault -> assertThatThrownBy(
                () -> vault.reveal(TENANT, "erp")).isInstanceOf(UnreadableCredentialException.class));

        CommandLineRun again = CommandLineRun.weft(Map.of("WEFT_MASTER_KEY", second), "vault", "rotate",
                "--data", data.toString(), "--keyset-out", last.toString());
        assertThat(again.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(again.err()).contains(last + " already exists");
        assertThat(Files.readString(last).strip()).isEqualTo(installed);

        for (CommandLineRun run : List.of(noFile, singleKey, addKey, rotate, again)) {
            assertNothingSecretIn(run, material);
            assertThat(run.all()).doesNotContain(first, second, installed);
        }
    }

    @Test
    void aDataDirectoryWithoutAKeyFileIsRefusedAndLeftAsItWas() throws Exception {
        CommandLineRun run = CommandLineRun.weft(Map.of(), "vault", "rotate", "--data", data.toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.err()).contains("there is no master key file at " + data.resolve("master.key")
                .toAbsolutePath());
        try (var files = Files.list(data)) {
            assertThat(files).isEmpty();
        }
    }
}
