package dev.weft.connector.browser;

import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector contract in real Chromium against {@link Portal}, with a basic credential whose password the
 * portal echoes and that must never come back in an output or an error.
 */
class BrowserConnectorContractIT extends ConnectorContract {
    @RegisterExtension
    static final PortalBrowser BROWSER = new PortalBrowser();

    @Override
    protected Connector connector() {
        return new BrowserConnector();
    }

    @Override
    protected TestSystem system() {
        return BROWSER.system();
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(
                call("browser.run", """
                        {"startUrl": "%s", "actions": [
                          {"fill": {"selector": "#username", "credential": "username"}},
                          {"fill": {"selector": "#password", "credential": "password"}},
                          {"click": {"selector": "#submit"}},
                          {"waitFor": {"selector": "table#orders", "timeout": "5s"}},
                          {"extract": {"name": "orders", "selector": "table#orders", "as": "table"}},
                          {"extract": {"name": "echo", "selector": "#echo"}},
                          {"extract": {"name": "links", "selector": "a", "as": "all"}},
                          {"download": {"name": "report", "url": "/report.csv"}},
                          {"screenshot": {"name": "orders"}}]}""".formatted(BROWSER.portal().url("/login"))),
                call("browser.run",
                        """
                                      {"actions": [{"goto": {"url": "%s"}}, {"fill": {"selector": "#username", "value": "grace"}},
                                {"select": {"selector": "#lang", "value": "Deutsch"}},
                                        {"extract": {"name": "typed", "selector": "#username", "attribute": "name"}}]}"""
                                .formatted(BROWSER.portal().url("/login"))),
                call("browser.run", """
                        {"startUrl": "%s", "timeout": "8s", "actions": [
                          {"waitFor": {"selector": "#fetched"}},
                          {"extract": {"name": "title", "selector": "#title"}}]}"""
                        .formatted(BROWSER.portal().url("/mixed"))));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(
                call("browser.run", """
                        {"startUrl": "%s", "actions": [
                          {"fill": {"selector": "#password", "credential": "password"}},
                          {"click": {"selector": "#nope"}}]}""".formatted(BROWSER.portal().url("/login"))),
                call("browser.run",
                        """
                                {"actions": [{"goto": {"url": "%s"}}]}"""
                                .formatted(BROWSER.portal().elsewhereUrl("/"))),
                call("browser.run", """
                        {"actions": [{"click": {}}]}"""),
                call("browser.run",
                        """
                                {"startUrl": "file:///etc/passwd", "actions": [{"extract": {"name": "p", "selector": "pre"}}]}"""),
                call("browser.run", """
                        {"actions": [{"fill": {"selector": "#username", "credential": "token"}}]}"""),
                call("browser.run",
                        """
                                {"startUrl": "%s", "actions": [{"select": {"selector": "#username", "value": "x"}}]}"""
                                .formatted(BROWSER.portal().url("/login"))));
    }
}
