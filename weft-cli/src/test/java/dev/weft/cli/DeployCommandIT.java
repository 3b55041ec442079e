package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.store.FlowVersion;
import dev.weft.server.WeftServer;
import dev.weft.server.config.ServerSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft deploy} against a real server in this JVM, on a fresh SQLite store. */
class DeployCommandIT {
    private static final dev.weft.engine.Caller CALLER = dev.weft.engine.Caller.system(
            dev.weft.engine.store.ExecutionStore.DEFAULT_TENANT, "test");

    private static final String KEY = "deploy-test-admin-key-5c2e91f04b7d";

    @TempDir
    Path dir;
    Path flows;
    WeftServer server;

    @BeforeEach
    void start() throws Exception {
        server = WeftServer.start(ServerSettings.defaults().withDataDir(dir.resolve("data")).withPort(0),
                Map.of("WEFT_ADMIN_API_KEY", KEY), Clock.systemUTC());
        flows = Files.createDirectories(dir.resolve("flows"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String flow(String namespace, String id, String output) {
        return "id: " + id + "\nnamespace: " + namespace + "\nsteps:\n  - id: shape\n    type: transform\n"
                + "    output: " + output + "\n";
    }

    private Path write(String file, String content) throws Exception {
        Path path = flows.resolve(file);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }

    private String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Runs {@code weft deploy FLOWS args...} with the server and key in the environment. */
    private CommandLineRun deploy(String... args) {
        return deployWith(Map.of("WEFT_SERVER", url(), "WEFT_API_KEY", KEY), args);
    }

    private CommandLineRun deployWith(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("deploy", flows.toString()));
        command.addAll(List.of(args));
        CommandLineRun run = CommandLineRun.weft(env, command.toArray(String[]::new));
        assertThat(run.all()).as("the API key is never printed").doesNotContain(KEY);
        return run;
    }

    private Optional<FlowVersion> latest(String namespace, String id) {
        return server.engine().client().latestFlow(CALLER, namespace, id);
    }

    private boolean hasVersion(String namespace, String id, int version) {
        return server.engine().client().flowVersion(CALLER, namespace, id, version).isPresent();
    }

    @Test
    void theFirstDeployCreatesEveryFlowAndTheSecondChangesNothing() throws Exception {
        write("invoices.yaml", flow("finance", "invoices", "one"));
        write("sub/quote.yml", flow("sales", "quote", "two"));
        write("ping.json",
                "{\"id\": \"ping\", \"steps\": [{\"id\": \"a\", \"type\": \"transform\", \"output\": 1}]}");
        write(".drafts/broken.yaml", "id: [not a flow");
        write("README.md", "not a flow file");

        CommandLineRun first = deploy();
        assertThat(first.exit()).as(first.all()).isZero();
        assertThat(first.out()).contains(flows.resolve("invoices.yaml") + ": finance/invoices is a new flow")
                .contains("3 new, 0 changed, 0 unchanged")
                .contains("deployed finance/invoices v1 from " + flows.resolve("invoices.yaml"))
                .contains("deployed sales/quote v1").contains("deployed default/ping v1");
        assertThat(latest("sales", "quote")).get().extracting(FlowVersion::source)
                .isEqualTo(flow("sales", "quote", "two"));

        CommandLineRun second = deploy();
        assertThat(second.exit()).as(second.all()).isZero();
        assertThat(second.out()).contains("finance/invoices is unchanged (v1)")
                .contains("0 new, 0 changed, 3 unchanged").contains("nothing to deploy")
                .doesNotContain("deployed");
        assertThat(hasVersion("finance", "invoices", 2)).isFalse();
        assertThat(hasVersion("default", "ping", 2)).isFalse();
    }

    @Test
    void aChangedFileIsShownAsADiffAndBecomesVersionTwo() throws Exception {
        write("invoices.yaml", flow("finance", "invoices", "old"));
        write("quote.yaml", flow("sales", "quote", "same"));
        assertThat(deploy().exit()).isZero();
        Path changed = write("invoices.yaml", flow("finance", "invoices", "new"));

        CommandLineRun run = deploy();

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains(changed + ": finance/invoices changed (the server has v1)")
                .contains("--- finance/invoices v1 (server)").contains("+++ " + changed)
                .contains("\n-    output: old\n+    output: new\n")
                .contains("0 new, 1 changed, 1 unchanged")
                .contains("deployed finance/invoices v2");
        assertThat(latest("finance", "invoices")).get().extracting(FlowVersion::version, FlowVersion::source)
                .containsExactly(2, flow("finance", "invoices", "new"));
        assertThat(hasVersion("sales", "quote", 2)).isFalse();
    }

    @Test
    void aDryRunShowsWhatWouldChangeAndDeploysNothing() throws Exception {
        write("invoices.yaml", flow("finance", "invoices", "old"));
        CommandLineRun fresh = deploy("--dry-run");
        assertThat(fresh.exit()).as(fresh.all()).isZero();
        assertThat(fresh.out()).contains("finance/invoices is a new flow")
                .contains("dry run: nothing was deployed");
        assertThat(latest("finance", "invoices")).isEmpty();

        assertThat(deploy().exit()).isZero();
        write("invoices.yaml", flow("finance", "invoices", "new"));
        CommandLineRun changed = deploy("--dry-run");
        assertThat(changed.exit()).as(changed.all()).isZero();
        assertThat(changed.out()).contains("+    output: new").contains("1 changed")
                .contains("dry run: nothing was deployed");
        assertThat(latest("finance", "invoices")).get().extracting(FlowVersion::version).isEqualTo(1);
    }

    @Test
    void anInvalidFlowIsReportedWhereItIsAndNothingIsDeployed() throws Exception {
        write("good.yaml", flow("finance", "good", "fine"));
        Path bad = write("bad.yaml", """
                id: bad
                steps:
                  - id: a
                    type: transform
                    output: ok
                    next: nowhere
                """);

        CommandLineRun run = deploy();

        assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.err()).contains(bad + ":6:").contains("nowhere")
                .contains("1 problem found; nothing was deployed");
        assertThat(server.engine().client().flows(CALLER)).isEmpty();
    }

    @Test
    void twoFilesHoldingTheSameFlowAreRefused() throws Exception {
        Path one = write("a.yaml", flow("finance", "invoices", "one"));
        Path two = write("b.yaml", flow("finance", "invoices", "two"));

        CommandLineRun run = deploy();

        assertThat(run.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.err()).contains(two + ": flow finance/invoices is also in " + one);
        assertThat(latest("finance", "invoices")).isEmpty();
    }

    @Test
    void aFlowTheServerRefusesIsNamedByItsFileAndTheRestIsNotDeployed() throws Exception {
        String hook = "\ntriggers:\n  - type: webhook\n    path: invoices\n    verify: {scheme: none}\n";
        Path taken = Files.createDirectories(dir.resolve("other"));
        Files.writeString(taken.resolve("owner.yaml"), flow("finance", "owner", "x") + hook);
        assertThat(CommandLineRun.weft(Map.of("WEFT_SERVER", url(), "WEFT_API_KEY", KEY), "deploy",
                taken.toString()).exit()).isZero();
        Path clash = write("a.yaml", flow("finance", "clash", "x") + hook);
        Path later = write("b.yaml", flow("finance", "later", "x"));

        CommandLineRun run = deploy();

        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCodes.INVALID);
        assertThat(run.err()).contains(clash + ": the server refused finance/clash (409 webhook.path_taken)")
                .contains("already served by flow finance/owner")
                .contains("nothing was deployed; not deployed: " + clash + ", " + later);
        assertThat(latest("finance", "clash")).isEmpty();
        assertThat(latest("finance", "later")).isEmpty();
    }

    @Test
    void problemsTheServerFindsAreShownAtTheirLineInTheFile() throws Exception {
        String source = "id: bad\nnamespace: finance\nsteps:\n  - id: a\n    type: transform\n    output: ok\n"
                + "    next: nowhere\n";
        FlowFiles.FlowFile file = new FlowFiles.FlowFile(flows.resolve("bad.yaml"), "finance", "bad", source);
        try (ServerApi api = new ServerApi(URI.create(url()), KEY, Duration.ofSeconds(30))) {
            assertThatThrownBy(() -> api.deploy("finance", "bad", source, false))
                    .isInstanceOfSatisfying(ServerApi.Failure.class, refused -> assertThat(
                            DeployCommand.refusal(file, refused)).satisfiesExactly(
                                    line -> assertThat(line).startsWith(file.file() + ":7:")
                                            .contains("nowhere"),
                                    line -> assertThat(line).isEqualTo(file.file() + ": the server refused"
                                            + " finance/bad (400 flow.invalid): the problem above")));
        }
    }

    @Test
    void aWrongKeyIsRefusedClearlyAndNeverPrinted() throws Exception {
        write("invoices.yaml", flow("finance", "invoices", "one"));
        String wrong = "wrong-key-canary-0a9b8c7d6e5f4321";

        CommandLineRun run = deployWith(Map.of("WEFT_SERVER", url(), "WEFT_API_KEY", wrong));

        assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("the server at " + url() + " refused the API key")
                .contains("WEFT_API_KEY").contains("nothing was deployed");
        assertThat(run.all()).doesNotContain(wrong);
        assertThat(latest("finance", "invoices")).isEmpty();
    }

    @Test
    void theKeyMayComeFromAFileAndIsNeverPrinted() throws Exception {
        write("invoices.yaml", flow("finance", "invoices", "one"));
        Path keyFile = Files.writeString(dir.resolve("key"), KEY + "\n");

        CommandLineRun run = deployWith(Map.of(), "--server", url() + "/", "--key-file", keyFile.toString());

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(latest("finance", "invoices")).isPresent();
    }

    @Test
    void missingServerOrKeyIsExplained() throws Exception {
        write("invoices.yaml", flow("finance", "invoices", "one"));

        CommandLineRun noServer = deployWith(Map.of("WEFT_API_KEY", KEY));
        assertThat(noServer.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(noServer.err()).contains("--server URL").contains("WEFT_SERVER");

        CommandLineRun noKey = deployWith(Map.of("WEFT_SERVER", url()));
        assertThat(noKey.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(noKey.err()).contains("no API key").contains("WEFT_API_KEY").contains("--key-file");
    }

    @Test
    void aServerThatIsNotRunningIsNamed() throws Exception {
        write("invoices.yaml", flow("finance", "invoices", "one"));
        String stopped = url();
        server.close();
        server = null;

        CommandLineRun run = deployWith(Map.of("WEFT_SERVER", stopped, "WEFT_API_KEY", KEY));

        assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("cannot connect to the server at " + stopped).contains("--server")
                .contains("nothing was deployed");
    }
}
