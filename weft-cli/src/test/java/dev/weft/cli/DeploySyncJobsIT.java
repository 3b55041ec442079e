package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.WeftServer;
import dev.weft.server.config.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft deploy} of sync job files ({@code kind: sync}) beside flow files, against a real server in this
 * JVM: checked here, compared with the server's job, shown new, changed (as a diff) or unchanged, deployed.
 * Deploying needs the job's systems to exist on the server, not to be reachable: no database is used.
 */
class DeploySyncJobsIT {
    private static final String KEY = "deploy-sync-test-admin-key-93b1d0c7";

    @TempDir
    Path dir;
    Path files;
    WeftServer server;

    @BeforeEach
    void start() throws Exception {
        server = WeftServer.start(ServerSettings.defaults().withDataDir(dir.resolve("data")).withPort(0),
                Map.of("WEFT_ADMIN_API_KEY", KEY), Clock.systemUTC());
        files = Files.createDirectories(dir.resolve("files"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String job(String batchSize) {
        return """
                kind: sync
                id: customers
                left: {system: crm, type: customers, key: [id], changes: {cursor: updated_at}}
                right: {system: erp, type: customers, key: [id]}
                direction: left_to_right
                batchSize: %s
                mapping:
                  toRight: {id: "{{ id }}", email: "{{ email }}"}
                """.formatted(batchSize);
    }

    private CommandLineRun deploy(String... args) {
        String[] command = new String[args.length + 2];
        command[0] = "deploy";
        command[1] = files.toString();
        System.arraycopy(args, 0, command, 2, args.length);
        CommandLineRun run = CommandLineRun.weft(
                Map.of("WEFT_SERVER", "http://127.0.0.1:" + server.port(), "WEFT_API_KEY", KEY), command);
        assertThat(run.all()).as("the API key is never printed").doesNotContain(KEY);
        return run;
    }

    private void put(String path, String json) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(200, 201);
    }

    private void systems() throws Exception {
        // One credential per system: a credential goes only to the systems it names.
        put("/api/v1/credentials/crm-login",
                "{\"type\": \"basic\", \"username\": \"u\", \"password\": \"p\"}");
        put("/api/v1/credentials/erp-login",
                "{\"type\": \"basic\", \"username\": \"u\", \"password\": \"p\"}");
        put("/api/v1/systems/crm", "{\"connector\": \"postgres\", \"config\": {\"host\": \"127.0.0.1\","
                + " \"database\": \"test\"}, \"credential\": \"crm-login\"}");
        put("/api/v1/systems/erp", "{\"connector\": \"mariadb\", \"config\": {\"host\": \"127.0.0.1\","
                + " \"database\": \"test\"}, \"credential\": \"erp-login\"}");
    }

    @Test
    void aSyncJobIsDeployedBesideFlowsShownAsADiffWhenChangedAndLeftAloneWhenNot() throws Exception {
        systems();
        Path jobFile = Files.writeString(files.resolve("customers-sync.yaml"), job("500"));
        Files.writeString(files.resolve("flow.yaml"), "id: hello\nnamespace: demo\nsteps:\n  - id: a\n"
                + "    type: transform\n    output: 1\n");

        CommandLineRun first = deploy();
        assertThat(first.exit()).as(first.all()).isZero();
        assertThat(first.out()).contains(jobFile + ": sync job customers is new", "demo/hello is a new flow",
                "2 new, 0 changed, 0 unchanged", "deployed sync job customers v1 from " + jobFile,
                "deployed demo/hello v1");

        CommandLineRun again = deploy();
        assertThat(again.exit()).as(again.all()).isZero();
        assertThat(again.out()).contains("sync job customers is unchanged (v1)",
                "0 new, 0 changed, 2 unchanged",
                "nothing to deploy");

        Files.writeString(jobFile, job("200"));
        CommandLineRun changed = deploy();
        assertThat(changed.exit()).as(changed.all()).isZero();
        assertThat(changed.out()).contains(jobFile + ": sync job customers changed (the server has v1)",
                "--- sync job customers v1 (server)", "\n-batchSize: 500\n+batchSize: 200\n",
                "0 new, 1 changed, 1 unchanged", "deployed sync job customers v2");
        CommandLineRun status = CommandLineRun.weft(
                Map.of("WEFT_SERVER", "http://127.0.0.1:" + server.port(), "WEFT_API_KEY", KEY), "sync",
                "status", "customers", "--json");
        assertThat(Json.MAPPER.readTree(status.out()).get("source").asText()).isEqualTo(job("200"));
    }

    @Test
    void anInvalidJobIsReportedAtItsLineAndAnUnknownSystemByTheServerAndNothingIsDeployed() throws Exception {
        Path bad = Files.writeString(files.resolve("bad.yaml"),
                job("500").replace("left_to_right", "sideways"));
        CommandLineRun invalid = deploy();
        assertThat(invalid.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(invalid.err()).contains(bad + ":5:")
                .contains("must be left_to_right, right_to_left or both")
                .contains("1 problem found; nothing was deployed");

        Files.writeString(bad, job("500"));
        CommandLineRun unknown = deploy();
        assertThat(unknown.exit()).as(unknown.all()).isEqualTo(ExitCodes.INVALID);
        assertThat(unknown.err()).contains(bad + ":3:16: no system 'crm'",
                bad + ": the server refused sync job customers (400 sync.invalid)", "nothing was deployed");
        assertThat(
                CommandLineRun.weft(Map.of("WEFT_SERVER", "http://127.0.0.1:" + server.port(), "WEFT_API_KEY",
                        KEY), "sync", "status", "customers").exit())
                .isEqualTo(ExitCodes.INVALID);
    }

    @Test
    void theSameJobInTwoFilesIsRefused() throws Exception {
        Path one = Files.writeString(files.resolve("a.yaml"), job("1"));
        Path two = Files.writeString(files.resolve("b.yaml"), job("2"));

        CommandLineRun run = deploy();

        assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.err()).contains(two + ": sync job customers is also in " + one);
    }

    @Test
    void validateChecksSyncJobFilesWithTheServersReader() throws Exception {
        Path good = Files.writeString(files.resolve("good.yaml"), job("10"));
        Path bad = Files.writeString(files.resolve("bad.yaml"), job("0"));

        CommandLineRun run = CommandLineRun.weft("validate", good.toString(), bad.toString());

        assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.out()).contains(bad + ":6:").contains("must be a whole number from 1 to")
                .doesNotContain(good.toString());
    }
}
