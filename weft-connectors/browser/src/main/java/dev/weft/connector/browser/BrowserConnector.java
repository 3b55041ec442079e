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
                    + " included). A run sends at most 16 requests at once (more wait, within its budget), and its"
                    + " responses together have at most `maxRunBytes` (past it requests fail and are listed in"
                    + " `failed`); no URL's query is in the output. A `fill` with `credential: username` or `password` types the system's `basic`"
                    + " credential; the password is never in the output, the steps or an error (a page that echoes"
                    + " it is redacted), and it is typed only into a page of one of the system's `credentialOrigins`"
                    + " (`browser.credential_origin` otherwise). Needs Chromium on the machine (Debian: `apt-get"
                    + " install chromium`): the operator names its executable with the environment variable"
                    + " `WEFT_CHROMIUM` (`/usr/bin/chromium` by default), never a system's config. Chromium keeps its"
                    + " sandbox unless the platform runs as root (then `--no-sandbox`, which Chromium needs there)."
                    + " Design: docs/design/browser.md. Tested against real Chromium and pages served by the tests.")
            .config(Operations
                    .parse("""
                                  {"type": "object", "additionalProperties": false, "properties": {
                                    "credentialOrigins": {"type": "array", "items": {"type": "string", "pattern": "^https?://[^/?#@]+/?$"}, "description": "the origins (scheme, host and port, such as https://portal.example.com) whose pages the credential may be typed into; required when the system has a credential and a fill types it"},
                                    "timeout": {"type": "string", "default": "60s", "description": "a run's time budget unless the run gives one, such as 30s or 2m"},
                                    "width": {"type": "integer", "minimum": 200, "maximum": 4000, "default": 1280, "description": "the viewport's width in CSS pixels"},
                                    "height": {"type": "integer", "minimum": 200, "maximum": 4000, "default": 800, "description": "the viewport's height in CSS pixels"},
                                    "maxResponseBytes": {"type": "integer", "minimum": 1024, "default": 52428800, "description": "the most bytes one response the page loads may have"},
                                    "maxRunBytes": {"type": "integer", "minimum": 1024, "default": 209715200, "description": "the most bytes all the responses of one run may have together; past it requests fail and are listed in failed"},
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
