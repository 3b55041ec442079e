package dev.weft.connector.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Blobs;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.Credential;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.SystemRecord;
import dev.weft.gateway.CallObserver;
import dev.weft.gateway.CredentialSource;
import dev.weft.gateway.FixedSystems;
import dev.weft.gateway.Gateway;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.testkit.blob.TestBlobs;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A browser system called through the gateway as a flow's step is: the vault's basic credential reaches the
 * connector to be typed into the login form, but no request the page makes carries it as a header, and the
 * platform's egress and blob store are the gateway's.
 */
class BrowserGatewayIT {
    @RegisterExtension
    static final BeforeAllCallback CHROMIUM = Portal.CHROMIUM;
    private static final ObjectMapper JSON = new ObjectMapper();
    private Portal portal;
    private Gateway gateway;
    private Blobs blobs;

    @BeforeEach
    void start() throws Exception {
        portal = new Portal();
        Instant now = Instant.now();
        SystemRecord system = new SystemRecord(ExecutionStore.DEFAULT_TENANT, "portal", "browser",
                JSON.readTree("{\"timeout\": \"20s\", \"credentialOrigins\": [\"" + portal.origin() + "\"]}"),
                "portal-login", JSON.createObjectNode(), 1, now,
                now);
        CredentialSource vault = new CredentialSource() {
            @Override
            public Optional<Credential> credential(String tenantId, String name) {
                return name.equals("portal-login")
                        ? Optional.of(new Credential.Basic(Portal.USER, Portal.PASSWORD))
                        : Optional.empty();
            }

            @Override
            public List<String> systemsOf(String tenantId, String name) {
                return List.of("portal");
            }

            @Override
            public boolean storeRotatedRefreshToken(String tenantId, String name, String previous,
                    String token) {
                return false;
            }
        };
        blobs = TestBlobs.temporary();
        gateway = Gateway.of(List.of(new BrowserConnector()), FixedSystems.of(List.of(system)), vault,
                EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1/32"), "test")), Clock.systemUTC(),
                ExecutionStore.DEFAULT_TENANT, blobs, CallObserver.NONE);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        portal.close();
    }

    @Test
    void logsInWithTheVaultsCredentialWhichNoRequestCarriesAsAHeader() throws Exception {
        JsonNode out = gateway.call("portal", new Call("browser.run", JSON.readTree("""
                {"startUrl": "%s", "actions": [
                  {"fill": {"selector": "#username", "credential": "username"}},
                  {"fill": {"selector": "#password", "credential": "password"}},
                  {"click": {"selector": "#submit"}},
                  {"extract": {"name": "orders", "selector": "#orders", "as": "table"}},
                  {"download": {"name": "report", "selector": "#report"}},
                  {"goto": {"url": "%s"}}]}""".formatted(portal.url("/login"), portal.url("/mixed"))),
                "exec-1:step-1", Duration.ofSeconds(30), new Cancellation()));

        assertThat(out.at("/values/orders")).hasSize(2);
        try (InputStream in = blobs.open(BlobRef.fromJson(out.at("/blobs/report")))) {
            assertThat(in.readAllBytes()).isEqualTo(Portal.REPORT);
        }
        assertThat(out.path("refused").findValuesAsText("url")).contains(portal.elsewhereUrl("/pixel.png"));
        assertThat(portal.reachedElsewhere).isEmpty();
        assertThat(portal.authorizations).as("Authorization headers the portal received").isEmpty();
        assertThat(out.toString()).doesNotContain(Portal.PASSWORD);
    }
}
