package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.Durations;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.SystemContext;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * One {@code browser.run}: a Chromium of its own (a fresh profile, deleted after), every request it makes sent
 * through the platform ({@link Interceptor}), the actions done in order until the time budget passes, and
 * what they extracted, stored and did. Used by one thread, once.
 */
final class BrowserRun {
    private static final Set<String> FIELDS = Set.of("startUrl", "actions", "timeout");

    private final SystemContext context;
    private final Settings settings;
    private final Call call;
    private final Slots slot;

    BrowserRun(SystemContext context, Settings settings, Call call, Slots slot) {
        this.context = context;
        this.settings = settings;
        this.call = call;
        this.slot = slot;
    }

    JsonNode run() throws ConnectorException {
        JsonNode input = call.input();
        if (!input.isObject()) {
            throw Action.invalid("input", "must be an object with actions, but was " + input.getNodeType());
        }
        for (String field : (Iterable<String>) input::fieldNames) {
            if (!FIELDS.contains(field)) {
                throw Action.invalid(field, "is not a field of browser.run; its fields are " + FIELDS);
            }
        }
        List<Action> actions = new ArrayList<>();
        if (input.hasNonNull("startUrl")) {
            actions.add(Action.start(input.get("startUrl")));
        }
        actions.addAll(Action.parseAll(input.get("actions")));
        Credential.Basic credential = credential(actions);
        Duration budget = budget(input.get("timeout"));
        Redactor redactor = new Redactor(credential == null ? null : credential.password());
        HttpTransport http = context.http();
        Instant deadline = Instant.now().plus(budget);
        if (!slot.acquire(deadline)) {
            throw ConnectorException.retryable("browser.busy", "browser.run: system '" + context.systemId()
                    + "' already runs " + settings.maxRuns()
                    + " browsers (its maxRuns), and none ended within"
                    + " the run's time budget of " + text(budget), null, null);
        }
        try {
            return run(actions, input.hasNonNull("startUrl"), credential, redactor, http, budget, deadline);
        } finally {
            slot.release();
        }
    }

    private JsonNode run(List<Action> actions, boolean startUrl, Credential.Basic credential,
            Redactor redactor,
            HttpTransport http, Duration budget, Instant deadline) throws ConnectorException {
        Chromium chromium = start(deadline, budget);
        call.cancellation().onCancel(chromium::close);
        Interceptor interceptor = new Interceptor(chromium.cdp(), http, context.egress(),
                settings.maxResponseBytes(), settings.maxRunBytes(), call.cancellation(), redactor, deadline,
                chromium.devToolsPort());
        Steps steps = new Steps(context, credential, settings.credentialOrigins(), redactor, interceptor,
                call.cancellation(), deadline);
        Places places = new Places(actions, startUrl, redactor);
        try {
            interceptor.install();
            ObjectNode deny = Cdp.JSON.createObjectNode();
            deny.put("behavior", "deny");
            chromium.cdp().send(null, "Browser.setDownloadBehavior", deny, deadline);
            Page page = Page.open(chromium.cdp(), deadline);
            interceptor.mainFrame(page.frameId());
            for (int i = 0; i < actions.size(); i++) {
                places.reached(i);
                steps.run(page, places.name(), actions.get(i));
            }
            places.reached(actions.size());
            return redactor.redact(steps.output(page));
        } catch (TimeoutException e) {
            throw ConnectorException.retryable("browser.timeout", "browser.run: the time budget of "
                    + text(budget) + " passed at " + places.withTarget()
                    + "; give the run a longer timeout, or wait for less", steps.details(), null);
        } catch (Page.ScriptException e) {
            String message = redactor.redact(e.getMessage());
            throw ConnectorException.permanent(message.contains("is not a valid selector")
                    ? "browser.selector"
                    : "browser.script", places.withTarget() + ": " + message, steps.details(), null);
        } catch (IOException e) {
            if (call.cancellation().cancelled() || Thread.currentThread().isInterrupted()) {
                throw ConnectorException.retryable("browser.cancelled", "browser.run was cancelled at "
                        + places.name(), steps.details(), null);
            }
            throw ConnectorException.retryable("browser.protocol", places.name() + ": Chromium failed: "
                    + redactor.redact(e.getMessage()), steps.details(), null);
        } catch (ConnectorException e) {
            String message = redactor.redact(e.getMessage());
            throw e.retryable()
                    ? ConnectorException.retryable(e.code(), message, steps.details(), null)
                    : ConnectorException.permanent(e.code(), message, steps.details(), null);
        } finally {
            chromium.close();
        }
    }

    /**
     * Where a run is, for its errors: {@code actions[3].click}, {@code startUrl} for the navigation it asks
     * for, {@code the start} before the first action and {@code the end} after the last. Used by one thread.
     */
    private static final class Places {
        private final List<Action> actions;
        private final int offset;
        private final Redactor redactor;
        private int at = -1;

        Places(List<Action> actions, boolean startUrl, Redactor redactor) {
            this.actions = actions;
            this.offset = startUrl ? 1 : 0;
            this.redactor = redactor;
        }

        void reached(int index) {
            at = index;
        }

        String name() {
            if (at < 0) {
                return "the start";
            }
            if (at >= actions.size()) {
                return "the end";
            }
            return at - offset < 0 ? "startUrl" : "actions[" + (at - offset) + "]." + actions.get(at).kind();
        }

        /** The name and the action's selector or URL: {@code actions[0].waitFor '#done'}. */
        String withTarget() {
            if (at < 0 || at >= actions.size()) {
                return name();
            }
            Action action = actions.get(at);
            String target = action instanceof Action.Goto
                    ? Urls.withoutQuery(action.target())
                    : action.target();
            return name() + " '" + redactor.redact(target) + "'";
        }
    }

    private Credential.Basic credential(List<Action> actions) throws ConnectorException {
        Credential.Basic basic = context.credential().orElse(null) instanceof Credential.Basic b ? b : null;
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i) instanceof Action.Fill f && f.credential() != null && basic == null) {
                throw ConnectorException.permanent("browser.credential", "browser.run: a fill types the"
                        + " credential's " + f.credential() + ", but system '" + context.systemId()
                        + "' has no"
                        + " basic credential: give the system a credential of type basic (username and password)",
                        null, null);
            }
            if (actions.get(i) instanceof Action.Fill f && f.credential() != null
                    && settings.credentialOrigins().isEmpty()) {
                throw ConnectorException.permanent("browser.config",
                        "browser.run: a fill types the credential's "
                                + f.credential() + ", but system '" + context.systemId()
                                + "' has no credentialOrigins:"
                                + " list the origins the credential belongs to in its config, such as"
                                + " \"credentialOrigins\": [\"https://portal.example.com\"]",
                        null, null);
            }
        }
        return basic;
    }

    private Duration budget(JsonNode timeout) throws ConnectorException {
        Duration budget = settings.timeout();
        if (timeout != null && !timeout.isNull()) {
            String text = timeout.asText();
            budget = Durations.parse(text).filter(d -> !d.isZero() && !d.isNegative())
                    .orElseThrow(
                            () -> Action.invalid("timeout", "must be " + Durations.EXPECTED + ", but was "
                                    + timeout));
        }
        return budget.compareTo(call.timeout()) > 0 ? call.timeout() : budget;
    }

    private Chromium start(Instant deadline, Duration budget) throws ConnectorException {
        try {
            return Chromium.start(settings.chromium(), settings.width(), settings.height(), deadline);
        } catch (IOException e) {
            if (!Instant.now().isBefore(deadline)) {
                throw ConnectorException.retryable("browser.timeout", "browser.run: the time budget of "
                        + text(budget) + " passed while Chromium started: " + e.getMessage(), null, null);
            }
            throw ConnectorException.retryable("browser.start", "Chromium (" + settings.chromium()
                    + ") did not start: " + e.getMessage()
                    + "; install it (Debian: apt-get install chromium) or"
                    + " the operator sets " + Settings.CHROMIUM_VARIABLE + " to its path", null, e);
        }
    }

    /** {@code 30s}, or {@code 1500ms}: as a flow would write it. */
    static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    static ArrayNode array(List<ObjectNode> items) {
        ArrayNode array = Cdp.JSON.createArrayNode();
        items.forEach(array::add);
        return array;
    }
}
