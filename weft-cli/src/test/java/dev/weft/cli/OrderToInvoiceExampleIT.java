package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.Credential;
import dev.weft.engine.Caller;
import dev.weft.engine.Engine;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.SystemRecord;
import dev.weft.gateway.CallObserver;
import dev.weft.gateway.CredentialSource;
import dev.weft.gateway.FixedSystems;
import dev.weft.gateway.Gateway;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.store.jdbc.SqliteExecutionStore;
import dev.weft.testkit.blob.TestBlobs;
import dev.weft.testkit.replay.ReplayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/order-to-invoice.yaml} end to end: the ERPNext and Dolibarr connectors, through the
 * gateway with their systems and credentials, against replays of the two vendors' documented APIs.
 */
class OrderToInvoiceExampleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller CALLER = Caller.system(ExecutionStore.DEFAULT_TENANT, "test");

    @TempDir
    Path dir;
    ReplayServer erpnext;
    ReplayServer dolibarr;
    ExecutionStore store;
    Gateway gateway;
    Engine engine;

    @BeforeEach
    void start() {
        erpnext = ReplayServer.start("replay/order-to-invoice-erpnext.json");
        dolibarr = ReplayServer.start("replay/order-to-invoice-dolibarr.json");
        store = SqliteExecutionStore.open(dir);
        Instant now = Instant.now();
        List<SystemRecord> systems = List.of(
                new SystemRecord(ExecutionStore.DEFAULT_TENANT, "erpnext", "erpnext",
                        JsonNodeFactory.instance.objectNode().put("baseUrl", erpnext.baseUrl()),
                        "erpnext-key",
                        JsonNodeFactory.instance.objectNode(), 1, now, now),
                new SystemRecord(ExecutionStore.DEFAULT_TENANT, "dolibarr", "dolibarr",
                        JsonNodeFactory.instance.objectNode().put("baseUrl", dolibarr.baseUrl()),
                        "dolibarr-key",
                        JsonNodeFactory.instance.objectNode(), 1, now, now));
        Map<String, Credential> credentials = Map.of(
                "erpnext-key", new Credential.ApiKey(Credential.ApiKey.Location.HEADER, "Authorization",
                        "token example-key:example-secret"),
                "dolibarr-key", new Credential.ApiKey(Credential.ApiKey.Location.HEADER, "DOLAPIKEY",
                        "example-dolapikey"));
        CredentialSource vault = new FixedCredentials(credentials);
        gateway = Gateway.of(Flows.CONNECTORS.connectors(), FixedSystems.of(systems), vault,
                EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32"), "test")), Clock.systemUTC(),
                ExecutionStore.DEFAULT_TENANT, TestBlobs.temporary(), CallObserver.NONE);
        engine = Engine.builder(store).parser(Flows::parse).calls(dev.weft.gateway.Gateways.only(gateway))
                .build()
                .start();
    }

    @AfterEach
    void stop() {
        engine.close();
        gateway.close();
        store.close();
        erpnext.close();
        dolibarr.close();
    }

    private ExecutionRecord run(FlowVersion flow, String order) throws Exception {
        String id = engine.client().start(CALLER, flow, JSON.readTree("{\"doc\": {\"name\": \"" + order
                + "\", \"docstatus\": 1}}"), null, null).id();
        return engine.client().await(CALLER, id, Duration.ofSeconds(20));
    }

    @Test
    void submittedOrdersBecomeValidatedInvoicesAndAMissingCustomerIsCreated() throws Exception {
        FlowVersion flow = engine.client().deploy(CALLER, "order-to-invoice.yaml",
                Files.readString(Path.of("..", "examples", "order-to-invoice.yaml")));

        ExecutionRecord known = run(flow, "SAL-ORD-2026-00031");
        assertThat(known.status()).as(String.valueOf(known.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(known.output()).isEqualTo(JSON.readTree(
                "{\"order\": \"SAL-ORD-2026-00031\", \"invoice\": \"FA2612-0007\", \"total\": 180}"));

        ExecutionRecord created = run(flow, "SAL-ORD-2026-00032");
        assertThat(created.status()).as(String.valueOf(created.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(created.output().get("invoice").asText()).isEqualTo("FA2612-0008");
        assertThat(dolibarr.received()).extracting(ReplayServer.Received::exchange)
                .contains("create Babbage Ltd");

        String draft = engine.client().start(CALLER, flow, JSON.readTree(
                "{\"doc\": {\"name\": \"SAL-ORD-2026-00033\", \"docstatus\": 0}}"), null, null).id();
        ExecutionRecord skipped = engine.client().await(CALLER, draft, Duration.ofSeconds(20));
        assertThat(skipped.output().get("skipped").asText()).isEqualTo("not submitted");

        assertThat(erpnext.unmatched()).as(erpnext.toString()).isEmpty();
        assertThat(dolibarr.unmatched()).as(dolibarr.toString()).isEmpty();
        assertThat(dolibarr.received()).as("each order invoiced once")
                .filteredOn(r -> r.method().equals("POST")
                        && r.path().endsWith("/invoices"))
                .hasSize(2);
    }
}
