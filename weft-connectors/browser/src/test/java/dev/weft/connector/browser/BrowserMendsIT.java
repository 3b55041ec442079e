package dev.weft.connector.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mends of the issue-16 review in real Chromium against {@link Portal}: the credential is typed only into
 * pages of its origins, a run's responses have a byte budget, and no URL's query leaves the run.
 */
class BrowserMendsIT {
    @RegisterExtension
    static final BeforeAllCallback CHROMIUM = Portal.CHROMIUM;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Portal portal;
    private static TestSystem system;

    @BeforeAll
    static void start() throws Exception {
        portal = new Portal();
        system = portal.system();
    }

    @AfterAll
    static void stop() {
        if (portal != null) {
            ((JettyTransport) system.http()).close();
            portal.close();
        }
    }

    private static JsonNode run(TestSystem on, String input) throws Exception {
        try (SystemClient client = new BrowserConnector().open(on)) {
            return client.invoke(new Call("browser.run", JSON.readTree(input), "test", Duration.ofSeconds(30),
                    new Cancellation()));
        }
    }

    private static final String SNOOP = """
            {"startUrl": "%s", "actions": [
              {"fill": {"selector": "#username", "value": "probe-visible"}},
              {"fill": {"selector": "#password", "credential": "password"}}]}""";

    @Test
    void aCredentialFillOnAPageOfAnotherOriginIsRefusedAndThePasswordNeverReachesIt() throws Exception {
        TestSystem elsewhere = system.withConfig(JSON.readTree("""
                {"credentialOrigins": ["https://portal.example.com"]}"""));

        ConnectorException e = catchThrowableOfType(ConnectorException.class,
                () -> run(elsewhere, SNOOP.formatted(portal.url("/snoop?token=tok-canary-5e1"))));

        assertThat(e.code()).isEqualTo("browser.credential_origin");
        assertThat(e.getMessage()).contains("actions[1].fill", portal.origin(), "credentialOrigins")
                .doesNotContain("tok-canary-5e1").doesNotContain(Portal.PASSWORD);
        assertThat(portal.snooped).as("what the page saw typed").contains("probe-visible")
                .noneMatch(seen -> seen.contains(Portal.PASSWORD));
    }

    @Test
    void aCredentialFillOnAPageOfItsOriginIsTyped() throws Exception {
        JsonNode out = run(system, SNOOP.formatted(portal.url("/snoop")));

        assertThat(portal.snooped).contains(Portal.PASSWORD);
        assertThat(out.path("steps").toString()).contains("typed the credential's password");
    }

    @Test
    void aCredentialFillOfASystemWithoutCredentialOriginsIsAConfigErrorNamingTheField() throws Exception {
        ConnectorException e = catchThrowableOfType(ConnectorException.class,
                () -> run(system.withConfig(JSON.createObjectNode()), SNOOP.formatted(portal.url("/snoop"))));

        assertThat(e.code()).isEqualTo("browser.config");
        assertThat(e.getMessage()).contains("credentialOrigins");
    }

    @Test
    void requestsPastTheRunsByteBudgetFailAndAreReported() throws Exception {
        JsonNode config = portal.config();
        ((com.fasterxml.jackson.databind.node.ObjectNode) config).put("maxRunBytes", 1024);

        JsonNode out = run(system.withConfig(config), """
                {"startUrl": "%s", "actions": [{"extract": {"name": "title", "selector": "#title"}}]}"""
                .formatted(portal.url("/big")));

        assertThat(out.at("/values/title").asText()).isEqualTo("Big");
        assertThat(out.path("failed").toString()).contains(portal.url("/big.bin"), "maxRunBytes");
    }

    @Test
    void theOutputsUrlAndADownloadsRefererCarryNoQuery() throws Exception {
        portal.referers.clear();

        JsonNode out = run(system, """
                {"startUrl": "%s", "actions": [{"download": {"name": "page", "url": "/login"}}]}"""
                .formatted(portal.url("/login?next=tok-canary-77d")));

        assertThat(out.path("url").asText()).isEqualTo(portal.url("/login"));
        assertThat(portal.referers).as("the download's Referer")
                .filteredOn(r -> r.startsWith("/login ") && !r.endsWith("(browser)"))
                .containsExactly("/login " + portal.url("/login"));
        assertThat(out.toString()).doesNotContain("tok-canary-77d");
    }
}
