package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.Engine;
import dev.weft.gateway.CallObserver;
import dev.weft.gateway.CredentialSource;
import dev.weft.gateway.FixedSystems;
import dev.weft.gateway.Gateway;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.testkit.blob.TestBlobs;
import java.time.Clock;
import java.util.List;
import dev.weft.engine.EngineListener;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import dev.weft.store.jdbc.SqliteExecutionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the flows in {@code examples/} against a local HTTP server standing in for the approval service,
 * the warehouse, the chat, the CRM, the ERP, the mail and the account service.
 */
class ExamplesIT {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;
    LocalServer server;
    ExecutionStore store;
    Engine engine;
    private static final dev.weft.engine.Caller CALLER = dev.weft.engine.Caller.system(
            dev.weft.engine.store.ExecutionStore.DEFAULT_TENANT, "test");
    Gateway gateway;
    final CountDownLatch parked = new CountDownLatch(1);

    @BeforeEach
    void start() throws Exception {
        server = new LocalServer();
        store = SqliteExecutionStore.open(dir);
        // The call path of `weft run`: the gateway over no systems, egress to the local server only.
        gateway = Gateway.of(Flows.CONNECTORS.connectors(), FixedSystems.none(), CredentialSource.none(),
                EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32"), "test")), Clock.systemUTC(),
                ExecutionStore.DEFAULT_TENANT, TestBlobs.temporary(), CallObserver.NONE);
        engine = Engine.builder(store).parser(Flows::parse).listener(new EngineListener() {
            @Override
            public void executionParked(ExecutionRecord execution, boolean awaitingSignal) {
                if (awaitingSignal) {
                    parked.countDown();
                }
            }
        }).calls(dev.weft.gateway.Gateways.only(gateway)).build().start();
    }

    @AfterEach
    void stop() {
        engine.close();
        gateway.close();
        store.close();
        server.close();
    }

    @Test
    void everyExampleValidates() throws Exception {
        try (var files = Files.list(EXAMPLES)) {
            String[] args = files.filter(f -> f.toString().endsWith(".yaml")).map(Path::toString).sorted()
                    .toArray(String[]::new);
            assertThat(args).isNotEmpty();
            String[] command = new String[args.length + 1];
            command[0] = "validate";
            System.arraycopy(args, 0, command, 1, args.length);
            assertThat(CommandLineRun.weft(command).exit()).isZero();
        }
    }

    @Test
    void theQuickStartFlowRunsFromTheCommandLine() throws Exception {
        CommandLineRun run = CommandLineRun.weft("run", EXAMPLES.resolve("quickstart.yaml").toString(),
                "--input",
                "@" + EXAMPLES.resolve("quickstart.input.json"), "--data", dir.resolve("cli").toString());
        assertThat(run.exit()).isZero();
        JsonNode result = MAPPER.readTree(run.out());
        assertThat(result.get("subtotal").decimalValue()).isEqualByComparingTo("1021.5");
        assertThat(result.get("discount").decimalValue()).isEqualByComparingTo("51.08");
        assertThat(result.get("total").decimalValue()).isEqualByComparingTo("970.42");
    }

    /**
     * The README's "flow that waits for a person" commands, as written there: paths taken from the
     * repository's root and the data directory a fresh one instead of {@code ./weft-data}.
     */
    @Test
    void theReadmesInvoiceCommandsRunAsWritten() throws Exception {
        List<List<String>> commands = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            if (line.startsWith("./weft run examples/invoice-approval.yaml")
                    || line.startsWith("./weft signal ")) {
                commands.add(DocCommands.words(line.substring("./weft ".length())));
            }
        }
        assertThat(commands).hasSize(2);
        Path data = dir.resolve("readme");
        CommandLineRun run = CommandLineRun.weft(asRun(commands.get(0), null, data));
        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("mocked: http.request of step manager");
        Matcher started = Pattern.compile("execution (\\S+) of finance/invoice-approval").matcher(run.err());
        assertThat(started.find()).as(run.err()).isTrue();

        CommandLineRun signal = CommandLineRun.weft(asRun(commands.get(1), started.group(1), data));
        assertThat(signal.exit()).as(signal.err()).isZero();
        assertThat(signal.err()).contains("mocked: http.request of step record").doesNotContain("deprecated");
        assertThat(server.requests()).isEmpty();
    }

    private static String[] asRun(List<String> words, String executionId, Path data) {
        List<String> args = new ArrayList<>();
        for (String w : words) {
            String arg = w.equals("<execution-id>") ? executionId : w;
            args.add(arg.replaceFirst("^(@?)examples/", "$1../examples/"));
        }
        args.add("--data");
        args.add(data.toString());
        return args.toArray(String[]::new);
    }

    @Test
    void aLargeInvoiceGoesToTheManagerWaitsForTheDecisionAndIsRecorded() throws Exception {
        String id = engine.client()
                .start(CALLER, deploy("invoice-approval.yaml"), invoiceInput(12500), null, null).id();
        assertThat(parked.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(server.requests("POST", "/api/approve")).singleElement()
                .satisfies(r -> assertThat(r.body().get("approver").asText()).isEqualTo("manager"));

        assertThat(engine.client().signal(CALLER, id, "decision", MAPPER.readTree("{\"approved\": true}")))
                .isTrue();
        ExecutionRecord done = engine.client().await(CALLER, id, Duration.ofSeconds(20));
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode recorded = server.requests("POST", "/processed-invoices").get(0).body();
        assertThat(recorded.get("id").asText()).isEqualTo("INV-7");
        assertThat(recorded.get("approved").asBoolean()).isTrue();
        assertThat(server.requests("POST", "/hooks/finance")).isEmpty();
    }

    @Test
    void aSmallInvoiceGoesToTheSupervisor() throws Exception {
        engine.client().start(CALLER, deploy("invoice-approval.yaml"), invoiceInput(900), null, null).id();
        assertThat(parked.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(server.requests("POST", "/api/approve")).singleElement()
                .satisfies(r -> assertThat(r.body().get("approver").asText()).isEqualTo("supervisor"));
    }

    @Test
    void aRefusedApprovalRequestNotifiesFinanceAndFailsTheExecution() throws Exception {
        server.respond("/api/approve", 400);
        String id = engine.client()
                .start(CALLER, deploy("invoice-approval.yaml"), invoiceInput(12500), null, null).id();
        ExecutionRecord done = engine.client().await(CALLER, id, Duration.ofSeconds(20));
        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(server.requests("POST", "/hooks/finance")).singleElement()
                .satisfies(r -> assertThat(r.body().get("text").asText())
                        .startsWith("Invoice INV-7 needs attention:")
                        .contains("400"));
    }

    private FlowVersion deploy(String file) throws Exception {
        return engine.client().deploy(CALLER, file, Files.readString(EXAMPLES.resolve(file)));
    }

    private ObjectNode endpoints(String... names) {
        ObjectNode e = MAPPER.createObjectNode();
        for (String n : names) {
            e.put(n, server.url());
        }
        return e;
    }

    private JsonNode invoiceInput(int amount) {
        ObjectNode in = MAPPER.createObjectNode();
        in.putObject("invoice").put("id", "INV-7").put("amount", amount);
        in.set("endpoints", endpoints("approvals", "warehouse", "chat"));
        return in;
    }
}
