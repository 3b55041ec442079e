package dev.weft.connector.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.testkit.connector.TestSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The mends of the issue-16 review in real Chromium against {@link Portal}: the credential is typed only into
 * pages of its origins, a run's responses have a byte budget, and no URL's query leaves the run.
 */
class BrowserMendsIT {
    @RegisterExtension
    static final PortalBrowser BROWSER = new PortalBrowser();
    private static final ObjectMapper JSON = PortalBrowser.JSON;

    private static final String SNOOP = """
            {"startUrl": "%s", "actions": [
              {"fill": {"selector": "#username", "value": "probe-visible"}},
              {"fill": {"selector": "#password", "credential": "password"}}]}""";

    @Test
    void aCredentialFillOnAPageOfAnotherOriginIsRefusedAndThePasswordNeverReachesIt() throws Exception {
        TestSystem elsewhere = BROWSER.system().withConfig(JSON.readTree("""
                {"credentialOrigins": ["https://portal.example.com"]}"""));

        ConnectorException e = catchThrowableOfType(ConnectorException.class,
                () -> PortalBrowser.run(elsewhere,
                        SNOOP.formatted(BROWSER.portal().url("/snoop?token=tok-canary-5e1"))));

        assertThat(e.code()).isEqualTo("browser.credential_origin");
        assertThat(e.getMessage()).contains("actions[1].fill", BROWSER.portal().origin(), "credentialOrigins")
                .doesNotContain("tok-canary-5e1").doesNotContain(Portal.PASSWORD);
        assertThat(BROWSER.portal().snooped).as("what the page saw typed").contains("probe-visible")
                .noneMatch(seen -> seen.contains(Portal.PASSWORD));
    }

    @Test
    void aCredentialFillOnAPageOfItsOriginIsTyped() throws Exception {
        JsonNode out = PortalBrowser.run(BROWSER.system(), SNOOP.formatted(BROWSER.portal().url("/snoop")));

        assertThat(BROWSER.portal().snooped).contains(Portal.PASSWORD);
        assertThat(out.path("steps").toString()).contains("typed the credential's password");
    }

    @Test
    void aCredentialFillOfASystemWithoutCredentialOriginsIsAConfigErrorNamingTheField() throws Exception {
        ConnectorException e = catchThrowableOfType(ConnectorException.class,
                () -> PortalBrowser.run(BROWSER.system().withConfig(JSON.createObjectNode()),
                        SNOOP.formatted(BROWSER.portal().url("/snoop"))));

        assertThat(e.code()).isEqualTo("browser.config");
        assertThat(e.getMessage()).contains("credentialOrigins");
    }

    @Test
    void requestsPastTheRunsByteBudgetFailAndAreReported() throws Exception {
        JsonNode config = BROWSER.portal().config();
        ((com.fasterxml.jackson.databind.node.ObjectNode) config).put("maxRunBytes", 1024);

        JsonNode out = PortalBrowser.run(BROWSER.system().withConfig(config), """
                {"startUrl": "%s", "actions": [{"extract": {"name": "title", "selector": "#title"}}]}"""
                .formatted(BROWSER.portal().url("/big")));

        assertThat(out.at("/values/title").asText()).isEqualTo("Big");
        assertThat(out.path("failed").toString()).contains(BROWSER.portal().url("/big.bin"), "maxRunBytes");
    }

    @Test
    void theOutputsUrlAndADownloadsRefererCarryNoQuery() throws Exception {
        BROWSER.portal().referers.clear();

        JsonNode out = PortalBrowser.run(BROWSER.system(), """
                {"startUrl": "%s", "actions": [{"download": {"name": "page", "url": "/login"}}]}"""
                .formatted(BROWSER.portal().url("/login?next=tok-canary-77d")));

        assertThat(out.path("url").asText()).isEqualTo(BROWSER.portal().url("/login"));
        assertThat(BROWSER.portal().referers).as("the download's Referer")
                .filteredOn(r -> r.startsWith("/login ") && !r.endsWith("(browser)"))
                .containsExactly("/login " + BROWSER.portal().url("/login"));
        assertThat(out.toString()).doesNotContain("tok-canary-77d");
    }
}
