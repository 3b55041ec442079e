package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * A browser system's client. It holds no browser: each run starts its own Chromium and ends it, so that no
 * cookie, cache or open page passes from one run to the next; at most {@code maxRuns} at once. Thread-safe.
 */
final class BrowserClient implements SystemClient {
    private final SystemContext context;
    private final Settings settings;
    private final Slots slots;

    BrowserClient(SystemContext context, Settings settings) {
        this.context = context;
        this.settings = settings;
        this.slots = new Slots(settings.maxRuns());
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        if (!call.operation().equals(Operations.RUN.name())) {
            throw ConnectorException.permanent("browser.operation", "the browser connector has no operation '"
                    + call.operation() + "'; it has " + Operations.RUN.name(), null, null);
        }
        return new BrowserRun(context, settings, call, slots).run();
    }

    /** Starts Chromium and asks its version: what a run needs first. */
    @Override
    public ConnectionTest test() {
        Instant deadline = Instant.now().plusSeconds(30);
        try (Chromium chromium = Chromium.start(settings.chromium(), settings.width(), settings.height(),
                deadline)) {
            String product = chromium.cdp().send(null, "Browser.getVersion", null, deadline).path("product")
                    .asText("Chromium");
            return ConnectionTest.ok(product + " (" + settings.chromium() + ") starts headless");
        } catch (IOException | TimeoutException e) {
            return ConnectionTest.failed("Chromium (" + settings.chromium() + ") did not start: "
                    + e.getMessage()
                    + "; install it (Debian: apt-get install chromium) or set " + Settings.CHROMIUM_VARIABLE);
        }
    }

    @Override
    public void close() {
        // nothing held between runs
    }
}
