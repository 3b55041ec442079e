package dev.weft.connector.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Review (issue 16): URLs a browser accepts that {@code java.net.URI} does not (a '|' in the query).
 * Each failed before the mend.
 */
class BrowserReviewIT {
    @RegisterExtension
    static final PortalBrowser BROWSER = new PortalBrowser();
    private static final ObjectMapper JSON = PortalBrowser.JSON;

    @Test
    void aDownloadUrlWithAPipeInItsQueryIsFetchedOrATypedErrorWithoutItsQuery() {
        Throwable thrown = catchThrowable(() -> BROWSER.run(
                """
                        {"startUrl": "%s", "actions": [
                          {"download": {"name": "report", "url": "/report.csv?columns=id|total&token=tok-canary-91b2"}}]}"""
                        .formatted(BROWSER.portal().url("/login"))));

        if (thrown != null) {
            assertThat(thrown).isInstanceOf(ConnectorException.class);
            assertThat(thrown.getMessage()).doesNotContain("tok-canary-91b2");
        }
    }

    @Test
    void aSubResourceWithAPipeInItsQueryIsNotRefusedAndItsQueryIsNotInTheOutput() throws Exception {
        JsonNode out = BROWSER.run("""
                {"startUrl": "%s", "actions": [{"extract": {"name": "title", "selector": "#title"}}]}"""
                .formatted(BROWSER.portal().url("/pipes")));

        assertThat(out.path("refused")).as("requests refused").isEmpty();
        assertThat(out.toString()).doesNotContain("tok-canary-91b2");
    }
}
