package dev.weft.connector.browser;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;

/**
 * The {@code browser} connector: systems with no API, driven in headless Chromium by a list of actions
 * (navigate, fill, click, select, wait, extract, screenshot, download). Every request the browser makes goes
 * through the platform's HTTP transport and egress rules. Thread-safe; creating it starts nothing.
 */
@AutoService(Connector.class)
public final class BrowserConnector implements Connector {
    private static final ConnectorSpec SPEC = ConnectorSpec.builder("browser", "0.1.0")
            .title("Browser (headless Chromium)")
            .description("Systems with no API, driven in headless Chromium: `browser.run` opens a page, does"
                    + " its actions in order (goto, fill, click, select, waitFor, extract, screenshot, download) and"
                    + " answers the values extracted, the blobs stored (screenshots, downloads) and what each action"
                    + " did. Each run has a Chromium of its own with a fresh profile, deleted after, ended when the"
                    + " run's time budget passes (`browser.timeout`, naming the action reached). Every request the"
                    + " page makes (documents, redirects, images, scripts, XHR, iframes) is sent by the platform's"
                    + " HTTP transport, under the egress rules: a refused request fails in the page and is listed in"
                    + " `refused`; Chromium itself resolves no name and reaches no address (WebSockets and WebRTC"
                    + " included). A `fill` with `credential: username` or `password` types the system's `basic`"
                    + " credential; the password is never in the output, the steps or an error (a page that echoes"
                    + " it is redacted). Needs Chromium on the machine (Debian: `apt-get install chromium`)."
                    + " Design: docs/design/browser.md. Tested against real Chromium and pages served by the tests.")
            .config(Operations
                    .parse("""
                                  {"type": "object", "additionalProperties": false, "properties": {
                                    "chromium": {"type": "string", "pattern": "^/", "default": "/usr/bin/chromium", "description": "the path of Chromium's executable"},
                                    "timeout": {"type": "string", "default": "60s", "description": "a run's time budget unless the run gives one, such as 30s or 2m"},
                                    "width": {"type": "integer", "minimum": 200, "maximum": 4000, "default": 1280, "description": "the viewport's width in CSS pixels"},
                                    "height": {"type": "integer", "minimum": 200, "maximum": 4000, "default": 800, "description": "the viewport's height in CSS pixels"},
                                    "maxResponseBytes": {"type": "integer", "minimum": 1024, "default": 52428800, "description": "the most bytes one response the page loads may have"},
                            "maxRuns": {"type": "integer", "minimum": 1, "maximum": 64, "default": 4, "description": "how many runs of this system may have a browser at once (each is a Chromium of its own); more wait for one to end, within their time budget"}}}"""))
            .credentials(CredentialType.BASIC)
            .operation(Operations.RUN)
            .build();

    @Override
    public ConnectorSpec spec() {
        return SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new BrowserClient(context, Settings.of(context.config()));
    }
}
