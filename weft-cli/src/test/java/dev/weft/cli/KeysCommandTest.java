package dev.weft.cli;

import static dev.weft.cli.CommandLineRun.weft;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.ApiKeyRecord;
import dev.weft.engine.store.Storage;
import dev.weft.store.jdbc.SqliteStorage;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft keys create|list|revoke} on a real SQLite store. */
class KeysCommandTest {
    @TempDir
    Path data;

    @Test
    void aKeyIsCreatedListedAndRevoked() {
        SqliteStorage.open(data).close();

        CommandLineRun created = weft("keys", "create", "--data", data.toString(), "--name", "ci deploy",
                "--role",
                "editor", "--namespace", "finance", "--expires", "90d");
        assertThat(created.exit()).as(created.all()).isZero();
        String key = created.out().strip();
        assertThat(key).matches("weft_[A-Za-z0-9_-]{43}");
        assertThat(created.err()).contains("created API key k", "(editor)", "shown once").doesNotContain(key);

        ApiKeyRecord stored;
        try (Storage storage = SqliteStorage.open(data)) {
            stored = storage.apiKeys().apiKeys("default").getFirst();
        }
        assertThat(stored.namespaces()).containsExactly("finance");
        assertThat(stored.createdBy()).isEqualTo("cli");
        assertThat(stored.expiresAt()).isBetween(Instant.now().plusSeconds(89 * 86_400),
                Instant.now().plusSeconds(91 * 86_400));

        CommandLineRun listed = weft("keys", "list", "--data", data.toString());
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).contains(stored.id(), "editor", "finance", "ci deploy").doesNotContain(key);

        CommandLineRun revoked = weft("keys", "revoke", "--data", data.toString(), stored.id());
        assertThat(revoked.exit()).as(revoked.all()).isZero();
        assertThat(weft("keys", "list", "--data", data.toString()).out()).doesNotContain(stored.id());
        CommandLineRun again = weft("keys", "revoke", "--data", data.toString(), stored.id());
        assertThat(again.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(again.err()).contains("has no API key " + stored.id());
    }

    @Test
    void wrongOptionsAreNamed() {
        SqliteStorage.open(data).close();
        CommandLineRun role = weft("keys", "create", "--data", data.toString(), "--name", "x", "--role",
                "boss");
        assertThat(role.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(role.err()).contains("role: 'boss' is not a role");
        CommandLineRun tenant = weft("keys", "create", "--data", data.toString(), "--tenant", "beta",
                "--name", "x",
                "--role", "admin");
        assertThat(tenant.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(tenant.err()).contains("no tenant 'beta'", "[default]");
        CommandLineRun expires = weft("keys", "create", "--data", data.toString(), "--name", "x", "--role",
                "admin", "--expires", "soon");
        assertThat(expires.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(expires.err()).contains("--expires");
        CommandLineRun nowhere = weft("keys", "list", "--data", data.resolve("none").toString());
        assertThat(nowhere.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(nowhere.err()).contains("no Weft store");
    }
}
