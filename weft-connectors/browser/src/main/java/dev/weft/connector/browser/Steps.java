package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.SystemContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeoutException;

/**
 * Does the actions of one run on its page and collects what they give: extracted values, stored blobs, and a
 * line per action saying what it did. Every failure names the action ({@code actions[3].click}) and its
 * selector. Used by one thread.
 */
final class Steps {
    private final SystemContext context;
    private final Credential.Basic credential;
    private final java.util.List<String> credentialOrigins;
    private final Redactor redactor;
    private final Interceptor interceptor;
    private final Cancellation cancellation;
    private final Instant deadline;
    private final ObjectNode values = Cdp.JSON.createObjectNode();
    private final ObjectNode blobs = Cdp.JSON.createObjectNode();
    private final ArrayNode lines = Cdp.JSON.createArrayNode();

    Steps(SystemContext context, Credential.Basic credential, java.util.List<String> credentialOrigins,
            Redactor redactor, Interceptor interceptor, Cancellation cancellation, Instant deadline) {
        this.context = context;
        this.credential = credential;
        this.credentialOrigins = credentialOrigins;
        this.redactor = redactor;
        this.interceptor = interceptor;
        this.cancellation = cancellation;
        this.deadline = deadline;
    }

    void run(Page page, String at, Action action) throws IOException, TimeoutException, ConnectorException {
        String did = switch (action) {
            case Action.Goto g -> navigate(page, at, g.url());
            case Action.Fill f -> fill(page, at, f);
            case Action.Click c -> click(page, at, c);
            case Action.Select s -> select(page, at, s);
            case Action.WaitFor w -> waitFor(page, at, w);
            case Action.Extract e -> extract(page, at, e);
            case Action.Screenshot s -> screenshot(page, s);
            case Action.Download d ->
                new Downloads(context, page, cancellation, deadline).fetch(at, d, blobs);
        };
        String target = action instanceof Action.Goto
                || action instanceof Action.Download dl && dl.url() != null
                        ? Urls.withoutQuery(action.target())
                        : action.target();
        java.util.List<String> dialogs = page.dialogs();
        if (!dialogs.isEmpty()) {
            did += "; accepted " + String.join(", ", dialogs) + " dialog" + (dialogs.size() > 1 ? "s" : "");
        }
        lines.add(redactor.redact(at + " '" + target + "': " + did));
    }

    private String navigate(Page page, String at, String url) throws IOException, TimeoutException,
            ConnectorException {
        String error = page.navigate(url, deadline);
        if (error != null) {
            String shown = Urls.withoutQuery(url);
            for (ObjectNode refusal : interceptor.refused()) {
                if (refusal.path("url").asText().equals(shown)) {
                    throw ConnectorException.permanent("egress.refused", at + ": " + shown + " was refused: "
                            + refusal.path("reason").asText(), null, null);
                }
            }
            throw ConnectorException.retryable("browser.navigation", at + ": " + shown + " did not load ("
                    + error + ")", null, null);
        }
        page.settle(deadline);
        return "loaded " + loaded(page);
    }

    private String fill(Page page, String at, Action.Fill f) throws IOException, TimeoutException,
            ConnectorException {
        String value = f.credential() == null
                ? f.value()
                : f.credential().equals("username") ? credential.username() : credential.password();
        JsonNode answer = found(at, f.selector(), page.evaluate(Scripts.fill(f.selector(), value,
                f.credential() == null ? null : credentialOrigins), deadline));
        if (answer.has("wrongOrigin")) {
            throw ConnectorException.permanent("browser.credential_origin", at + ": the credential's "
                    + f.credential() + " is not typed into a page of " + answer.get("wrongOrigin").asText()
                    + ", which is not one of the system's credentialOrigins " + credentialOrigins
                    + "; add the"
                    + " origin to credentialOrigins only if the credential belongs to that site", null, null);
        }
        return f.credential() == null
                ? "typed " + value.length() + " characters"
                : "typed the credential's " + f.credential();
    }

    private String click(Page page, String at, Action.Click c) throws IOException, TimeoutException,
            ConnectorException {
        long before = page.navigations();
        try {
            found(at, c.selector(), page.evaluate(Scripts.call(Scripts.CLICK, c.selector()), deadline));
        } catch (Cdp.CdpException navigatedAway) {
            // the click replaced the document before its script answered: a navigation, waited for below
        }
        if (page.navigations() == before) {
            return "clicked";
        }
        page.settle(deadline);
        return "clicked, then loaded " + loaded(page);
    }

    private String select(Page page, String at, Action.Select s) throws IOException, TimeoutException,
            ConnectorException {
        JsonNode answer = found(at, s.selector(), page.evaluate(Scripts.call(Scripts.SELECT, s.selector(),
                s.value()), deadline));
        if (answer.has("noOption")) {
            throw ConnectorException.permanent("browser.no_option",
                    at + ": '" + s.selector() + "' has no option \""
                            + s.value() + "\"; its options are "
                            + abbreviated(answer.path("options").toString()),
                    null,
                    null);
        }
        return "selected " + answer.path("value").asText();
    }

    private String waitFor(Page page, String at, Action.WaitFor w) throws IOException, TimeoutException,
            ConnectorException {
        Instant until = w.timeout() == null ? deadline : min(Instant.now().plus(w.timeout()), deadline);
        while (true) {
            long left = Duration.between(Instant.now(), until).toMillis();
            if (left <= 0 && until.equals(deadline)) {
                throw new TimeoutException(at);
            }
            try {
                JsonNode answer = page.evaluate(
                        Scripts.call(Scripts.WAIT_FOR, w.selector(), Math.max(0, left)),
                        deadline);
                if (answer.path("found").asBoolean()) {
                    page.settle(deadline);
                    return "found";
                }
            } catch (Cdp.CdpException navigatedAway) {
                continue; // a new document: look again in it
            }
            if (!Instant.now().isBefore(until)) {
                if (until.equals(deadline)) {
                    throw new TimeoutException(at);
                }
                throw ConnectorException.permanent("browser.no_element", at + ": no element matched '"
                        + w.selector() + "' within " + BrowserRun.text(w.timeout()), null, null);
            }
        }
    }

    private String extract(Page page, String at, Action.Extract e) throws IOException, TimeoutException,
            ConnectorException {
        JsonNode answer = found(at, e.selector(), page.evaluate(Scripts.call(Scripts.EXTRACT, e.selector(),
                e.read().name(), e.attribute() == null ? "" : e.attribute()), deadline));
        if (answer.has("notTable")) {
            throw ConnectorException.permanent("browser.not_table",
                    at + ": '" + e.selector() + "' matches a <"
                            + answer.get("notTable").asText() + "> that is not in a table and holds none",
                    null, null);
        }
        JsonNode value = answer.path("value");
        if (e.list() && values.get(e.name()) instanceof ArrayNode earlier) {
            earlier.addAll((ArrayNode) value);
            return value.size() + " more, " + earlier.size() + " in all";
        }
        values.set(e.name(), value);
        return value.isArray()
                ? value.size() + (e.read() == Action.Read.TABLE ? " rows" : " matches")
                : value.isNull() ? "no such attribute" : value.asText().length() + " characters";
    }

    private String screenshot(Page page, Action.Screenshot s) throws IOException, TimeoutException,
            ConnectorException {
        if (credential != null && !credential.password().isEmpty()) {
            // A page that echoes the password shows it in its text: masked on screen before the picture.
            page.evaluate(Scripts.call(Scripts.MASK_TEXT, credential.password(), Redactor.MASK), deadline);
        }
        ObjectNode capture = Cdp.JSON.createObjectNode();
        capture.put("format", "png");
        if (s.fullPage()) {
            JsonNode size = page.send("Page.getLayoutMetrics", null, deadline).path("cssContentSize");
            capture.put("captureBeyondViewport", true);
            capture.putObject("clip").put("x", 0).put("y", 0).put("scale", 1)
                    .put("width", Math.ceil(size.path("width").asDouble(1)))
                    .put("height", Math.ceil(size.path("height").asDouble(1)));
        }
        byte[] png = Base64.getDecoder().decode(page.send("Page.captureScreenshot", capture, deadline)
                .path("data").asText());
        BlobRef ref = context.blobs().put(new ByteArrayInputStream(png), "image/png");
        blobs.set(s.name(), ref.toJson());
        return "stored " + png.length + " bytes of PNG" + (s.fullPage() ? " (the whole page)" : "");
    }

    /** The script's answer, unless it says the selector matched nothing. */
    private static JsonNode found(String at, String selector, JsonNode answer) throws ConnectorException {
        if (answer.path("missing").asBoolean()) {
            throw ConnectorException.permanent("browser.no_element", at + ": no element matches '" + selector
                    + "'", null, null);
        }
        return answer;
    }

    /** The page's URL, and the status its server answered when that is an error (a page still shows). */
    private String loaded(Page page) throws IOException, TimeoutException {
        int status = interceptor.documentStatus();
        return Urls.withoutQuery(location(page)) + (status >= 400 ? " (HTTP " + status + ")" : "");
    }

    private String location(Page page) throws IOException, TimeoutException {
        return page.evaluate("location.href", deadline).asText();
    }

    /** The output: values, blobs, the final URL, the steps, and the requests refused or failed. */
    ObjectNode output(Page page) throws IOException, TimeoutException {
        ObjectNode out = Cdp.JSON.createObjectNode();
        out.set("values", values);
        out.set("blobs", blobs);
        out.put("url", Urls.withoutQuery(location(page)));
        out.set("steps", lines);
        out.set("refused", BrowserRun.array(interceptor.refused()));
        out.set("failed", BrowserRun.array(interceptor.failed()));
        return out;
    }

    /** What a failed run did before it failed, for the error's details. */
    ObjectNode details() {
        ObjectNode details = Cdp.JSON.createObjectNode();
        details.set("steps", lines.deepCopy());
        details.set("refused", BrowserRun.array(interceptor.refused()));
        return (ObjectNode) redactor.redact(details);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static String abbreviated(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
