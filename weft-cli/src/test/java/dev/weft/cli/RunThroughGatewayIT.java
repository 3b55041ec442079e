package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.Storage;
import dev.weft.store.jdbc.SqliteStorage;
import dev.weft.vault.MasterKeySource;
import dev.weft.vault.Vault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft run} calls through the server's gateway: systems from a {@code --systems} file (the shape
 * of {@code PUT /api/v1/systems/{id}}), their credentials from the data directory's vault, injected into
 * the call and shown nowhere; a credential the vault lacks, or a system no file defines, is refused with
 * the fix.
 */
class RunThroughGatewayIT {
    private static final String TOKEN = "canary-run-token-5d1c9e7a";
    private static final Map<String, String> ENV = Map.of("WEFT_EGRESS_ALLOW", "127.0.0.1/32");
    private static final String FLOW = """
            id: sync
            namespace: crm
            steps:
              - {id: fetch, type: call, system: crm, operation: http.request, with: {path: /orders/7}}
            """;

    @TempDir
    Path dir;
    LocalServer target;
    Path data;
    Path flow;

    @BeforeEach
    void start() throws IOException {
        target = new LocalServer();
        data = dir.resolve("data");
        flow = dir.resolve("sync.yaml");
        Files.writeString(flow, FLOW);
    }

    @AfterEach
    void stop() {
        target.close();
    }

    private Path systemsFile(String credential) throws IOException {
        Path file = dir.resolve("systems.yaml");
        Files.writeString(file,
                "systems:\n  crm:\n    connector: http\n    config: {baseUrl: \"" + target.url()
                        + "/api\"}\n" + (credential == null ? "" : "    credential: " + credential + "\n"));
        return file;
    }

    private void storeBearer(String name) {
        try (Storage storage = SqliteStorage.open(data)) {
            ObjectNode body = Json.MAPPER.createObjectNode().put("type", "bearer").put("token", TOKEN);
            Vault.open(MasterKeySource.ofKeyFile(MasterKeySource.defaultKeyFile(data)), storage.credentials(),
                    Clock.systemUTC()).put("default", name, body);
        }
    }

    @Test
    void aSystemFromTheSystemsFileIsCalledWithItsVaultCredential() throws IOException {
        storeBearer("crm-token");

        CommandLineRun run = CommandLineRun.weft(ENV, "run", flow.toString(), "--data", data.toString(),
                "--systems", systemsFile("crm-token").toString());

        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCodes.OK);
        assertThat(target.requests()).extracting(LocalServer.Request::path).containsExactly("/api/orders/7");
        assertThat(target.requests())
                .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
        assertThat(run.all()).doesNotContain(TOKEN);
    }

    @Test
    void aCredentialTheVaultDoesNotHoldIsRefusedBeforeAnythingRuns() throws IOException {
        CommandLineRun run = CommandLineRun.weft(ENV, "run", flow.toString(), "--data", data.toString(),
                "--systems", systemsFile("crm-token").toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.err()).contains("systems.crm.credential", "no credential 'crm-token'",
                "PUT /api/v1/credentials/crm-token");
        assertThat(target.requests()).isEmpty();
        assertThat(data.resolve("master.key")).as("no key is made for a refused run").doesNotExist();
    }

    @Test
    void aSystemNoFileDefinesFailsTheCallNamingTheOption() {
        CommandLineRun run = CommandLineRun.weft(ENV, "run", flow.toString(), "--data", data.toString());

        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCodes.EXECUTION_FAILED);
        assertThat(run.all()).contains("no system 'crm'", "--systems");
        assertThat(target.requests()).isEmpty();
    }

    @Test
    void aSystemsFileIsCheckedAsTheServerChecksASystem() throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "systems:\n  crm:\n    connector: htp\n    secret: x\n");

        CommandLineRun run = CommandLineRun.weft(ENV, "run", flow.toString(), "--data", data.toString(),
                "--systems", file.toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.err()).contains("systems.crm.secret: unknown field",
                "systems.crm.connector: no connector"
                        + " 'htp'",
                "http");
    }

    @Test
    void aFallbackTheSystemsFileDoesNotDefineIsRefusedBeforeAnythingRuns() throws IOException {
        Path file = dir.resolve("fallback.yaml");
        Files.writeString(file,
                "systems:\n  crm:\n    connector: http\n    config: {baseUrl: \"" + target.url()
                        + "/api\"}\n    policy: {fallback: {system: crm-backup}}\n");

        CommandLineRun run = CommandLineRun.weft(ENV, "run", flow.toString(), "--data", data.toString(),
                "--systems", file.toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.err()).contains(
                "systems.crm.policy.fallback.system: this file defines no system 'crm-backup' (it defines crm)");
    }
}
