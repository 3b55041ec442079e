package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * The one page (tab) of a run, through its DevTools session: navigation, script evaluation, and whether its
 * main frame is loading (from Chromium's events, so that an action that navigates waits for the new
 * document). Thread-safe.
 */
final class Page {
    private final Cdp cdp;
    private final String session;
    private final String frameId;
    private final Object lock = new Object();
    private long navigations;
    private boolean loading;
    private final java.util.List<String> dialogs = new java.util.ArrayList<>();

    private final Instant deadline;

    private Page(Cdp cdp, String session, String frameId, Instant deadline) {
        this.cdp = cdp;
        this.deadline = deadline;
        this.session = session;
        this.frameId = frameId;
    }

    /** Opens a blank page and attaches to it. */
    static Page open(Cdp cdp, Instant deadline) throws IOException, TimeoutException {
        ObjectNode create = Cdp.JSON.createObjectNode();
        create.put("url", "about:blank");
        String target = cdp.send(null, "Target.createTarget", create, deadline).path("targetId").asText();
        ObjectNode attach = Cdp.JSON.createObjectNode();
        attach.put("targetId", target);
        attach.put("flatten", true);
        String session = cdp.send(null, "Target.attachToTarget", attach, deadline).path("sessionId").asText();
        // The main frame's id is its target's id.
        Page page = new Page(cdp, session, target, deadline);
        cdp.onInline("Page.frameStartedLoading", (s, p) -> page.loading(s, p, true));
        cdp.onInline("Page.frameStoppedLoading", (s, p) -> page.loading(s, p, false));
        cdp.on("Page.javascriptDialogOpening", (s, p) -> page.dialog(p));
        cdp.closed().thenRun(page::wake);
        cdp.send(session, "Page.enable", null, deadline);
        return page;
    }

    private void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void loading(String eventSession, JsonNode params, boolean started) {
        if (!session.equals(eventSession) || !frameId.equals(params.path("frameId").asText())) {
            return;
        }
        synchronized (lock) {
            if (started) {
                navigations++;
            }
            loading = started;
            lock.notifyAll();
        }
    }

    /**
     * Answers an alert, confirm, prompt or beforeunload dialog at once (accepting it, as a user who clicks OK),
     * so that no dialog holds the page until the run's time is up.
     */
    private void dialog(JsonNode params) {
        synchronized (lock) {
            dialogs.add(params.path("type").asText("dialog"));
        }
        ObjectNode accept = Cdp.JSON.createObjectNode();
        accept.put("accept", true);
        cdp.post(session, "Page.handleJavaScriptDialog", accept, deadline);
    }

    /** The dialogs answered since the last call (their types: alert, confirm, ...), then forgets them. */
    java.util.List<String> dialogs() {
        synchronized (lock) {
            java.util.List<String> seen = java.util.List.copyOf(dialogs);
            dialogs.clear();
            return seen;
        }
    }

    /** The main frame's id (its target's). */
    String frameId() {
        return frameId;
    }

    /** How many loads of the main frame have started so far. */
    long navigations() {
        synchronized (lock) {
            return navigations;
        }
    }

    /**
     * Navigates and returns Chromium's error text (such as {@code net::ERR_BLOCKED_BY_CLIENT}), or null when
     * the navigation committed.
     */
    String navigate(String url, Instant deadline) throws IOException, TimeoutException {
        ObjectNode navigate = Cdp.JSON.createObjectNode();
        navigate.put("url", url);
        JsonNode result = send("Page.navigate", navigate, deadline);
        return result.hasNonNull("errorText") && !result.get("errorText").asText().isEmpty()
                ? result.get("errorText").asText()
                : null;
    }

    /**
     * Waits until the main frame has stopped loading and its document is complete, whatever navigations
     * happen meanwhile (a redirect by script ends the first document's scripts).
     */
    void settle(Instant deadline) throws IOException, TimeoutException {
        while (true) {
            if (!Instant.now().isBefore(deadline)) {
                throw new TimeoutException("the page did not finish loading");
            }
            synchronized (lock) {
                while (loading) {
                    if (cdp.closed().isDone()) {
                        // ended (a cancellation): no frameStoppedLoading will come
                        throw new IOException("the connection to Chromium closed while the page loaded");
                    }
                    long left = java.time.Duration.between(Instant.now(), deadline).toMillis();
                    if (left <= 0) {
                        throw new TimeoutException("the page did not finish loading");
                    }
                    try {
                        lock.wait(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while the page loaded", e);
                    }
                }
            }
            try {
                evaluate("new Promise(done => document.readyState === 'complete' ? done(true)"
                        + " : addEventListener('load', () => done(true), {once: true}))", deadline);
                return;
            } catch (Cdp.CdpException navigatedAway) {
                // the document was replaced while we waited: wait for the next one
            }
        }
    }

    /**
     * Evaluates {@code expression} in the main frame, awaiting a promise, and returns its value.
     *
     * @throws ScriptException when the script threw (its description, never its source)
     * @throws Cdp.CdpException when Chromium could not run it (the document went away meanwhile)
     */
    JsonNode evaluate(String expression, Instant deadline) throws IOException, TimeoutException {
        ObjectNode evaluate = Cdp.JSON.createObjectNode();
        evaluate.put("expression", expression);
        evaluate.put("awaitPromise", true);
        evaluate.put("returnByValue", true);
        evaluate.put("userGesture", true);
        JsonNode result = send("Runtime.evaluate", evaluate, deadline);
        JsonNode thrown = result.get("exceptionDetails");
        if (thrown != null) {
            String description = thrown.path("exception").path("description").asText(
                    thrown.path("text").asText("the script failed"));
            int line = description.indexOf('\n');
            throw new ScriptException(line < 0 ? description : description.substring(0, line));
        }
        return result.path("result").path("value");
    }

    JsonNode send(String method, ObjectNode params, Instant deadline) throws IOException, TimeoutException {
        return cdp.send(session, method, params, deadline);
    }

    /** A script on the page threw. */
    static final class ScriptException extends IOException {
        private static final long serialVersionUID = 1L;

        ScriptException(String message) {
            super(message);
        }
    }
}
