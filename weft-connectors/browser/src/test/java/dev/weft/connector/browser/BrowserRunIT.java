package dev.weft.connector.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.Eventually;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code browser.run} in real Chromium against {@link Portal}: a login with the vault credential and its
 * session cookie, a table over two pages, a download and a screenshot into the blob store, requests the egress
 * refuses, and errors that name the action.
 */
class BrowserRunIT {
    @RegisterExtension
    static final PortalBrowser BROWSER = new PortalBrowser();
    private static final ObjectMapper JSON = PortalBrowser.JSON;

    private String login() {
        return """
                "startUrl": "%s", "actions": [
                  {"fill": {"selector": "#username", "credential": "username"}},
                  {"fill": {"selector": "#password", "credential": "password"}},
                  {"click": {"selector": "#submit"}}""".formatted(BROWSER.portal().url("/login"));
    }

    @Test
    void logsInWithTheVaultCredentialAndKeepsItsSessionCookieWithoutShowingThePassword() throws Exception {
        JsonNode out = BROWSER.run("{" + login() + """
                , {"waitFor": {"selector": "#welcome", "timeout": "5s"}},
                  {"extract": {"name": "welcome", "selector": "#welcome"}},
                  {"extract": {"name": "echo", "selector": "#echo"}},
                  {"extract": {"name": "echoed", "selector": "#echo", "attribute": "title"}}]}""");

        assertThat(out.at("/values/welcome").asText()).isEqualTo("Welcome, ada");
        assertThat(out.at("/values/echo").asText()).isEqualTo("You logged in with ***");
        assertThat(out.at("/values/echoed").asText()).isEqualTo("***");
        assertThat(out.path("url").asText()).as("without its query")
                .isEqualTo(BROWSER.portal().url("/orders"));
        assertThat(BROWSER.portal().agents).allSatisfy(agents -> assertThat(agents).singleElement().asString()
                .contains("HeadlessChrome"));
        assertThat(out.toString()).doesNotContain(Portal.PASSWORD);
        assertThat(out.path("steps").toString()).contains("typed the credential's password")
                .contains("actions[2].click '#submit': clicked, then loaded "
                        + BROWSER.portal().url("/orders"));
    }

    @Test
    void aPageAnsweredWithAnErrorStatusStillLoadsAndItsStepSaysTheStatus() throws Exception {
        JsonNode out = BROWSER.run("""
                {"startUrl": "%s", "actions": [
                  {"fill": {"selector": "#username", "value": "ada"}},
                  {"fill": {"selector": "#password", "value": "not-the-password"}},
                  {"click": {"selector": "#submit"}},
                  {"extract": {"name": "error", "selector": "#error"}}]}"""
                .formatted(BROWSER.portal().url("/login")));

        assertThat(out.at("/values/error").asText()).isEqualTo("wrong user name or password");
        assertThat(out.at("/steps/3").asText()).isEqualTo("actions[2].click '#submit': clicked, then loaded "
                + BROWSER.portal().url("/login") + " (HTTP 401)");
    }

    @Test
    void extractsATableAcrossTwoPages() throws Exception {
        JsonNode out = BROWSER.run("{" + login() + """
                , {"extract": {"name": "orders", "selector": "table#orders", "as": "table"}},
                  {"click": {"selector": "#next"}},
                  {"extract": {"name": "orders", "selector": "#orders", "as": "table"}},
                  {"extract": {"name": "items", "selector": "#orders td:nth-child(2)", "as": "all"}}]}""");

        assertThat(out.at("/values/orders")).isEqualTo(JSON.readTree(
                """
                        [{"Id": "1", "Item": "Anvil", "Total": "120.00"}, {"Id": "2", "Item": "Rope", "Total": "80.50"},
                         {"Id": "3", "Item": "Lamp", "Total": "42.00"}]"""));
        assertThat(out.at("/values/items")).isEqualTo(JSON.readTree("[\"Lamp\"]"));
        assertThat(out.path("url").asText()).as("without its query")
                .isEqualTo(BROWSER.portal().url("/orders"));
    }

    @Test
    void downloadsAFileOfTheSessionIntoTheBlobStoreAndTakesAScreenshot() throws Exception {
        JsonNode out = BROWSER.run("{" + login() + """
                , {"download": {"name": "report", "selector": "#report"}},
                  {"screenshot": {"name": "page", "fullPage": true}},
                  {"screenshot": {"name": "view"}}]}""");

        BlobRef report = BlobRef.fromJson(out.at("/blobs/report"));
        assertThat(report.contentType()).startsWith("text/csv");
        try (InputStream in = BROWSER.system().blobs().open(report)) {
            assertThat(in.readAllBytes()).isEqualTo(Portal.REPORT);
        }
        BlobRef page = BlobRef.fromJson(out.at("/blobs/page"));
        assertThat(page.contentType()).isEqualTo("image/png");
        try (InputStream in = BROWSER.system().blobs().open(page)) {
            byte[] png = in.readAllBytes();
            assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        }
        assertThat(BlobRef.fromJson(out.at("/blobs/view")).contentType()).isEqualTo("image/png");
    }

    @Test
    void refusesAndReportsEveryRequestToAnAddressTheEgressDoesNotAllowAndOpensNoSocketOfItsOwn()
            throws Exception {
        JsonNode out = BROWSER.run("""
                {"startUrl": "%s", "actions": [
                  {"waitFor": {"selector": "#fetched", "timeout": "10s"}},
                  {"waitFor": {"selector": "#socket-closed", "timeout": "10s"}},
                  {"extract": {"name": "title", "selector": "#title"}}]}"""
                .formatted(BROWSER.portal().url("/mixed")));

        assertThat(out.at("/values/title").asText()).isEqualTo("Mixed");
        assertThat(out.path("refused").findValuesAsText("url")).contains(
                BROWSER.portal().elsewhereUrl("/pixel.png"),
                BROWSER.portal().elsewhereUrl("/frame"), BROWSER.portal().elsewhereUrl("/api"));
        assertThat(out.path("steps").get(0).asText()).endsWith("; accepted alert dialog");
        assertThat(out.path("refused").toString()).contains("127.0.0.2");
        assertThat(BROWSER.portal().reachedElsewhere).as("requests that reached 127.0.0.2").isEmpty();
        assertThat(BROWSER.portal().reachedSocket).as("WebSocket handshakes that reached the portal")
                .isEmpty();
    }

    @Test
    void aPageCannotReachChromiumsOwnDevToolsPortEvenWhereTheEgressAllowsLoopback() throws Exception {
        java.util.Set<Path> before = profiles();
        Thread teller = Thread.ofVirtual().start(() -> {
            try {
                BROWSER.portal().probing.await(20, java.util.concurrent.TimeUnit.SECONDS);
                for (Path profile : profiles()) {
                    Path file = profile.resolve("DevToolsActivePort");
                    if (!before.contains(profile) && Files.exists(file)) {
                        BROWSER.portal().devToolsPort.complete(Files.readAllLines(file).get(0));
                    }
                }
            } catch (Exception e) {
                BROWSER.portal().devToolsPort.completeExceptionally(e);
            }
        });

        JsonNode out = BROWSER.run("""
                {"startUrl": "%s", "actions": [{"waitFor": {"selector": "#probed", "timeout": "10s"}}]}"""
                .formatted(BROWSER.portal().url("/probe")));
        teller.join();

        String port = BROWSER.portal().devToolsPort.get();
        assertThat(out.path("refused").findValuesAsText("url")).contains("http://127.0.0.1:" + port
                + "/json/version");
        assertThat(out.path("refused").toString()).contains("DevTools port is never reachable from a page");
    }

    @Test
    void aNavigationOrRedirectToARefusedAddressFailsNamingTheAction() throws Exception {
        ConnectorException direct = catchThrowableOfType(ConnectorException.class, () -> BROWSER.run("""
                {"actions": [{"goto": {"url": "%s"}}]}"""
                .formatted(BROWSER.portal().elsewhereUrl("/landing"))));
        ConnectorException redirected = catchThrowableOfType(ConnectorException.class,
                () -> BROWSER.run("""
                        {"startUrl": "%s", "actions": [{"goto": {"url": "%s"}}]}""".formatted(
                        BROWSER.portal().url("/login"),
                        BROWSER.portal().url("/redirect-elsewhere"))));

        assertThat(direct.code()).isEqualTo("egress.refused");
        assertThat(direct.getMessage())
                .startsWith("actions[0].goto: " + BROWSER.portal().elsewhereUrl("/landing")
                        + " was refused: ");
        assertThat(redirected.code()).isEqualTo("browser.navigation");
        assertThat(redirected.getMessage())
                .startsWith("actions[0].goto: " + BROWSER.portal().url("/redirect-elsewhere"));
        assertThat(redirected.details().path("refused").findValuesAsText("url"))
                .contains(BROWSER.portal().elsewhereUrl("/landing"));
        assertThat(BROWSER.portal().reachedElsewhere).isEmpty();
    }

    @Test
    void aMissingElementFailsNamingTheActionAndItsSelector() throws Exception {
        ConnectorException e = catchThrowableOfType(ConnectorException.class,
                () -> BROWSER.run("{" + login() + """
                        , {"click": {"selector": "#nope"}}]}"""));

        assertThat(e.code()).isEqualTo("browser.no_element");
        assertThat(e.getMessage()).isEqualTo("actions[3].click: no element matches '#nope'");
        assertThat(e.details().path("steps")).hasSize(4);
        assertThat(e.getMessage() + e.details()).doesNotContain(Portal.PASSWORD);
    }

    @Test
    void anInvalidSelectorFailsAsSuchNamingTheAction() throws Exception {
        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> BROWSER.run("""
                {"startUrl": "%s", "actions": [{"extract": {"name": "x", "selector": "#a["}}]}"""
                .formatted(BROWSER.portal().url("/login"))));

        assertThat(e.code()).isEqualTo("browser.selector");
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).startsWith("actions[0].extract '#a[': SyntaxError: ")
                .contains("'#a[' is not a valid selector");
    }

    @Test
    void cancellingARunEndsItsChromiumAndDeletesItsProfile() throws Exception {
        Call call = PortalBrowser.call("""
                {"startUrl": "%s", "actions": [{"waitFor": {"selector": "#never"}}]}"""
                .formatted(BROWSER.portal().url("/waiting")));
        Thread canceller = Thread.ofVirtual().start(() -> {
            try {
                BROWSER.portal().waiting.await(20, java.util.concurrent.TimeUnit.SECONDS);
                call.cancellation().cancel("the execution was cancelled");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        java.util.Set<Path> before = profiles();
        ConnectorException e = catchThrowableOfType(ConnectorException.class,
                () -> BROWSER.client().invoke(call));
        canceller.join();

        assertThat(e.code()).isEqualTo("browser.cancelled");
        assertThat(e.getMessage()).matches("browser.run was cancelled at (startUrl|actions\\[0]\\.waitFor)");
        Eventually.until("no Chromium process of this JVM is left", Duration.ofSeconds(10),
                () -> ProcessHandle.current().descendants().noneMatch(p -> p.isAlive()
                        && p.info().command().orElse("").contains("chromium")));
        assertThat(profiles()).as("profiles left behind").isSubsetOf(before);
    }

    /** The browser profiles in the temporary directory. */
    private static java.util.Set<Path> profiles() throws java.io.IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("weft-browser-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }

    @Test
    void aRunBeyondTheSystemsMaxRunsWaitsForABrowserAndFailsAsBusyWhenNoneEndsInItsBudget()
            throws Exception {
        try (SystemClient one = new BrowserConnector()
                .open(BROWSER.system().withConfig(JSON.readTree("{\"maxRuns\": 1}")))) {
            Call holding = PortalBrowser.call("""
                    {"startUrl": "%s", "actions": [{"waitFor": {"selector": "#never"}}]}"""
                    .formatted(BROWSER.portal().url("/hold")));
            Thread first = Thread.ofVirtual().start(() -> {
                try {
                    one.invoke(holding);
                } catch (ConnectorException expected) {
                    // cancelled below
                }
            });
            assertThat(BROWSER.portal().holding.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            ConnectorException e = catchThrowableOfType(ConnectorException.class,
                    () -> one.invoke(
                            PortalBrowser
                                    .call("""
                                            {"startUrl": "%s", "timeout": "1s", "actions": [{"extract": {"name": "t", "selector": "p"}}]}"""
                                            .formatted(BROWSER.portal().url("/login")))));
            holding.cancellation().cancel("done");
            first.join();

            assertThat(e.code()).isEqualTo("browser.busy");
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("already runs 1 browsers (its maxRuns)");
        }
    }

    @Test
    void endsTheRunWhenItsTimeBudgetPassesNamingTheActionReached() throws Exception {
        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> BROWSER.run("""
                {"startUrl": "%s", "timeout": "3s", "actions": [{"waitFor": {"selector": "#never"}}]}"""
                .formatted(BROWSER.portal().url("/login"))));

        assertThat(e.code()).isEqualTo("browser.timeout");
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("the time budget of 3s passed at actions[0].waitFor '#never'");
    }
}
