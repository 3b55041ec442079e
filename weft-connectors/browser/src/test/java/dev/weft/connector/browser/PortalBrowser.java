package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The setup every browser test class shares, as a JUnit extension: Chromium must be present (skipped on a
 * laptop without it, failing in CI), then a {@link Portal} and its system start before the class's tests and
 * close after them, with one client of the connector opened on first use.
 */
final class PortalBrowser implements BeforeAllCallback, AfterAllCallback {
    static final ObjectMapper JSON = new ObjectMapper();
    private Portal portal;
    private TestSystem system;
    private SystemClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Portal.CHROMIUM.beforeAll(context);
        portal = new Portal();
        system = portal.system();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
        }
        if (system != null) {
            ((JettyTransport) system.http()).close();
        }
        if (portal != null) {
            portal.close();
        }
    }

    Portal portal() {
        return portal;
    }

    TestSystem system() {
        return system;
    }

    /** The class's client of the connector on the portal's system, opened on first use. */
    synchronized SystemClient client() throws ConnectorException {
        if (client == null) {
            client = new BrowserConnector().open(system);
        }
        return client;
    }

    /** A {@code browser.run} call with this input and a 30 s deadline. */
    static Call call(String inputJson) throws Exception {
        return new Call("browser.run", JSON.readTree(inputJson), "test", Duration.ofSeconds(30),
                new Cancellation());
    }

    /** Runs {@code browser.run} with the class's client. */
    JsonNode run(String inputJson) throws Exception {
        return client().invoke(call(inputJson));
    }

    /** Runs {@code browser.run} on another system (another config), with a client of its own. */
    static JsonNode run(TestSystem on, String inputJson) throws Exception {
        try (SystemClient client = new BrowserConnector().open(on)) {
            return client.invoke(call(inputJson));
        }
    }
}
