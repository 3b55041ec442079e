package dev.weft.connector.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Review (issue 16): URLs a browser accepts that {@code java.net.URI} does not (a '|' in the query).
 * Each failed before the mend.
 */
class BrowserReviewIT {
    @RegisterExtension
    static final org.junit.jupiter.api.extension.BeforeAllCallback CHROMIUM = Portal.CHROMIUM;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Portal portal;
    private static TestSystem system;
    private static SystemClient client;

    @BeforeAll
    static void start() throws Exception {
        portal = new Portal();
        system = portal.system();
        client = new BrowserConnector().open(system);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
            ((JettyTransport) system.http()).close();
        }
        if (portal != null) {
            portal.close();
        }
    }

    private static JsonNode run(String inputJson) throws Exception {
        return client.invoke(new Call("browser.run", JSON.readTree(inputJson), "test", Duration.ofSeconds(30),
                new Cancellation()));
    }

    @Test
    void aDownloadUrlWithAPipeInItsQueryIsFetchedOrATypedErrorWithoutItsQuery() {
        Throwable thrown = catchThrowable(() -> run(
                """
                        {"startUrl": "%s", "actions": [
                          {"download": {"name": "report", "url": "/report.csv?columns=id|total&token=tok-canary-91b2"}}]}"""
                        .formatted(portal.url("/login"))));

        if (thrown != null) {
            assertThat(thrown).isInstanceOf(ConnectorException.class);
            assertThat(thrown.getMessage()).doesNotContain("tok-canary-91b2");
        }
    }

    @Test
    void aSubResourceWithAPipeInItsQueryIsNotRefusedAndItsQueryIsNotInTheOutput() throws Exception {
        JsonNode out = run("""
                {"startUrl": "%s", "actions": [{"extract": {"name": "title", "selector": "#title"}}]}"""
                .formatted(portal.url("/pipes")));

        assertThat(out.path("refused")).as("requests refused").isEmpty();
        assertThat(out.toString()).doesNotContain("tok-canary-91b2");
    }
}
