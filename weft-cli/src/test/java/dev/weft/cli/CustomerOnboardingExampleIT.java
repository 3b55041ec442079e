package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
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
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/customer-onboarding.yaml} end to end through the gateway: the HubSpot and Dolibarr
 * connectors against one replay of their documented APIs (one, so that the order of every request is one
 * list), the mail connector against an in-process SMTP server, the portal through the http connector. A
 * refused last step undoes the ERP customer, then the CRM contact.
 */
class CustomerOnboardingExampleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Caller CALLER = Caller.system(ExecutionStore.DEFAULT_TENANT, "test");

    @TempDir
    Path dir;
    ReplayServer replay;
    GreenMail mail;
    ExecutionStore store;
    Gateway gateway;
    Engine engine;

    @BeforeEach
    void start() {
        replay = ReplayServer.start("replay/customer-onboarding.json");
        mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.setUser("robot@acme.test", "robot", "example-mail-password");
        mail.start();
        store = SqliteExecutionStore.open(dir);
        Instant now = Instant.now();
        List<SystemRecord> systems = List.of(
                system("hubspot", "hubspot",
                        JsonNodeFactory.instance.objectNode().put("baseUrl", replay.baseUrl()),
                        now),
                system("dolibarr", "dolibarr", JsonNodeFactory.instance.objectNode().put("baseUrl",
                        replay.baseUrl()), now),
                system("portal", "http",
                        JsonNodeFactory.instance.objectNode().put("baseUrl", replay.baseUrl()),
                        now),
                system("mail", "mail", JSON.createObjectNode().put("from", "Acme <robot@acme.test>")
                        .set("smtp", JSON.createObjectNode().put("host", "127.0.0.1")
                                .put("port", mail.getSmtp().getPort()).put("tls", "none")),
                        now));
        Map<String, Credential> credentials = Map.of(
                "hubspot-key", new Credential.Bearer("pat-na1-example-token-0000"),
                "dolibarr-key", new Credential.ApiKey(Credential.ApiKey.Location.HEADER, "DOLAPIKEY",
                        "example-dolapikey"),
                "portal-key", new Credential.ApiKey(Credential.ApiKey.Location.HEADER, "X-Portal-Key",
                        "example-portal-key"),
                "mail-key", new Credential.Basic("robot", "example-mail-password"));
        CredentialSource vault = new FixedCredentials(credentials);
        gateway = Gateway.of(Flows.CONNECTORS.connectors(), FixedSystems.of(systems), vault,
                EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32"), "test")), Clock.systemUTC(),
                ExecutionStore.DEFAULT_TENANT, TestBlobs.temporary(), CallObserver.NONE);
        engine = Engine.builder(store).parser(Flows::parse).calls(dev.weft.gateway.Gateways.only(gateway))
                .build()
                .start();
    }

    private static SystemRecord system(String id, String connector, JsonNode config, Instant now) {
        return new SystemRecord(ExecutionStore.DEFAULT_TENANT, id, connector, config, id + "-key",
                JsonNodeFactory.instance.objectNode(), 1, now, now);
    }

    @AfterEach
    void stop() {
        engine.close();
        gateway.close();
        store.close();
        mail.stop();
        replay.close();
    }

    private ExecutionRecord onboard(FlowVersion flow, String name, String email) throws Exception {
        String id = engine.client().start(CALLER, flow, JSON.readTree("{\"customer\": {\"name\": \"" + name
                + "\", \"email\": \"" + email + "\"}}"), null, null).id();
        return engine.client().await(CALLER, id, Duration.ofSeconds(30));
    }

    @Test
    void aCustomerIsOnboardedAcrossTheSystemsAndARefusedAccountUndoesTheErpThenTheCrm() throws Exception {
        FlowVersion flow = engine.client().deploy(CALLER, "customer-onboarding.yaml",
                Files.readString(Path.of("..", "examples", "customer-onboarding.yaml")));

        ExecutionRecord ada = onboard(flow, "Ada", "ada@example.com");
        assertThat(ada.status()).as(String.valueOf(ada.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(ada.output()).isEqualTo(JSON.readTree(
                "{\"crmContact\": \"201\", \"erpCustomer\": 31, \"user\": \"u-31\"}"));

        ExecutionRecord bob = onboard(flow, "Bob", "bob@blocked.example");
        assertThat(bob.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(bob.error().toString()).contains("portal-account", "422");

        assertThat(replay.unmatched()).as(replay.toString()).isEmpty();
        assertThat(replay.received()).extracting(ReplayServer.Received::exchange).containsExactly(
                "HubSpot: create contact Ada", "Dolibarr: create third party Ada",
                "portal: create the account of ada@example.com",
                "HubSpot: create contact Bob", "Dolibarr: create third party Bob",
                "portal: create the account of bob@blocked.example (refused)",
                // the saga, in reverse: the ERP customer first, then the CRM contact
                "Dolibarr: delete third party 32", "HubSpot: archive contact 202");

        MimeMessage[] sent = mail.getReceivedMessages();
        assertThat(Arrays.stream(sent).map(m -> {
            try {
                return m.getSubject() + " -> " + m.getAllRecipients()[0];
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        })).as("a mail cannot be unsent: both welcome mails went out")
                .containsExactly("Welcome, Ada -> ada@example.com", "Welcome, Bob -> bob@blocked.example");
    }
}
