package dev.weft.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.Caller;
import dev.weft.engine.WeftClient;
import dev.weft.engine.InvalidInputException;
import dev.weft.engine.StartedExecution;
import dev.weft.connector.Durations;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import dev.weft.server.access.ActiveTenants;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import dev.weft.server.http.StrictJson;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * {@code POST /hooks/<tenant>/<namespace>/<path>} (and the default tenant's {@code /hooks/<namespace>/<path>}):
 * checks size, content type and signature, then durably queues an
 * execution and only then answers: 202 with its id ({@code mode: async}), or the response of its first
 * {@code respond} step ({@code mode: sync}). A delivery id seen before answers with the first execution and
 * starts nothing. Thread-safe.
 */
public final class WebhookIngress {
    private static final String DEFAULT_TENANT = dev.weft.engine.store.ExecutionStore.DEFAULT_TENANT;
    /** Headers never recorded in {@code trigger.headers}: they carry credentials. */
    static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");
    static final Set<String> ACCEPTED_TYPES = Set.of("application/json", "text/plain",
            "application/x-www-form-urlencoded", "application/xml", "text/xml");

    /** How long a new execution's answer is awaited before the store is checked for a missed one. */
    static final Duration MISSED_OUTCOME_CHECK = Duration.ofMillis(200);

    private final WeftClient client;
    private final ActiveTenants tenants;
    private final WebhookRoutes routes;
    private final DeliveryCheck check;
    private final SyncResponses responses;
    private final Duration defaultSyncTimeout;
    private final IntConsumer statusCounter;

    public WebhookIngress(WeftClient client, ActiveTenants tenants, WebhookRoutes routes, DeliveryCheck check,
            SyncResponses responses,
            Duration defaultSyncTimeout, IntConsumer statusCounter) {
        this.client = client;
        this.tenants = tenants;
        this.routes = routes;
        this.check = check;
        this.responses = responses;
        this.defaultSyncTimeout = defaultSyncTimeout;
        this.statusCounter = statusCounter;
    }

    public List<Route> routes() {
        // The tenant's form first: a URL of three segments or more may be either (see resolve).
        return List.of(Route.open("POST", "/hooks/{tenant}/{namespace}/{path}", this::serve),
                Route.open("POST", "/hooks/{namespace}/{path}", this::serve));
    }

    /** A webhook URL read: whose flow it starts, and the path as that flow's trigger declares it. */
    private record Resolved(String tenant, String path, WebhookRoutes.Target target) {
    }

    /**
     * The default tenant's {@code /hooks/<namespace>/<path>} when it serves the URL, so that the URLs from
     * before tenants keep working and no tenant can take one over; otherwise {@code
     * /hooks/<tenant>/<namespace>/<path>} of the active tenant the first segment names (the default tenant's
     * are also served with its name in front). Deploys that would make one URL both are refused
     * ({@link WebhookRoutes#checkPathsFree}). A suspended or unknown tenant's URL is answered as if it had no
     * webhooks.
     */
    private Resolved resolve(Exchange x) {
        String first = x.param("tenant");
        if (first != null) {
            String path = x.param("namespace") + "/" + x.param("path");
            WebhookRoutes.Target own = tenants.active(DEFAULT_TENANT)
                    ? routes.find(DEFAULT_TENANT, first, path)
                    : null;
            if (own != null) {
                return new Resolved(DEFAULT_TENANT, path, own);
            }
            WebhookRoutes.Target target = tenants.active(first)
                    ? routes.find(first, x.param("namespace"), x.param("path"))
                    : null;
            return new Resolved(first, x.param("path"), target);
        }
        return new Resolved(DEFAULT_TENANT, x.param("path"),
                tenants.active(DEFAULT_TENANT)
                        ? routes.find(DEFAULT_TENANT, x.param("namespace"), x.param("path"))
                        : null);
    }

    private void serve(Exchange x) throws InterruptedException {
        try {
            handle(x);
        } catch (ApiException e) {
            statusCounter.accept(e.status());
            throw e;
        }
    }

    private void handle(Exchange x) throws InterruptedException {
        Resolved resolved = resolve(x);
        String tenant = resolved.tenant();
        WebhookRoutes.Target target = resolved.target();
        String hookPath = resolved.path();
        if (target == null) {
            throw ApiException.notFound("no flow serves webhook " + x.path().substring("/hooks/".length()));
        }
        String type = x.contentType();
        if (type != null && !ACCEPTED_TYPES.contains(type)) {
            throw new ApiException(415, "content_type.unsupported", "webhooks accept "
                    + String.join(", ", new java.util.TreeSet<>(ACCEPTED_TYPES)) + ", but the request says "
                    + type);
        }
        byte[] body = x.body(); // 413 before reading a body that declares itself too large
        Map<String, String> headers = x.headers();
        Map<String, List<String>> query = x.query();
        DeliveryCheck.Verdict verdict = check.check(tenant, target.trigger().get("verify"), body, headers,
                query, x.method(), x.url());
        if (!verdict.accepted()) {
            throw new ApiException(401, "webhook.unverified", verdict.refusal());
        }
        JsonNode parsed = parse(type, body);
        ObjectNode trigger = Exchange.JSON.createObjectNode();
        trigger.put("type", "webhook");
        trigger.put("path", hookPath);
        trigger.put("mode", SyncResponses.SYNC.equals(target.trigger().path("mode").asText())
                ? SyncResponses.SYNC
                : "async");
        if (verdict.deliveryId() != null) {
            trigger.put("deliveryId", verdict.deliveryId());
        }
        trigger.set("body", parsed);
        ObjectNode h = trigger.putObject("headers");
        headers.forEach((name, value) -> {
            if (!SECRET_HEADERS.contains(name) && !verdict.secretHeaders().contains(name)) {
                h.put(name, value);
            }
        });
        ObjectNode q = trigger.putObject("query");
        query.forEach((name, values) -> {
            if (!verdict.secretQuery().contains(name)) {
                q.put(name, String.join(",", values));
            }
        });
        JsonNode input = parsed != null && parsed.isObject() ? parsed : Exchange.JSON.createObjectNode();
        String key = verdict.deduplication() == null
                ? null
                : "webhook:" + target.version().namespace() + "/" + hookPath + ":"
                        + verdict.deduplication();
        StartedExecution started;
        try {
            started = client.start(Caller.system(tenant, "webhook:" + target.version().namespace() + "/"
                    + hookPath), target.version(), input, trigger, key);
        } catch (InvalidInputException e) {
            throw new ApiException(400, "input.invalid", e.getMessage());
        }
        if (SyncResponses.SYNC.equals(trigger.get("mode").asText())) {
            answerSync(x, tenant, target, started);
        } else {
            accepted(x, started);
        }
    }

    private void accepted(Exchange x, StartedExecution started) {
        ObjectNode out = Exchange.JSON.createObjectNode();
        out.put("executionId", started.id());
        out.put("duplicate", !started.created());
        statusCounter.accept(202);
        x.json(202, out);
    }

    private void answerSync(Exchange x, String tenant, WebhookRoutes.Target target, StartedExecution started)
            throws InterruptedException {
        Duration timeout = target.trigger().hasNonNull("timeout")
                ? Durations.parse(target.trigger().get("timeout").asText()).orElse(defaultSyncTimeout)
                : defaultSyncTimeout;
        CompletableFuture<SyncResponses.Outcome> waiting = responses.await(started.id());
        SyncResponses.Outcome outcome;
        try {
            outcome = awaitOutcome(tenant, started, waiting, timeout);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            responses.forget(started.id());
        }
        if (outcome == null) {
            accepted(x, started); // still running: the caller can follow it by id
            return;
        }
        if (outcome.response() != null) {
            JsonNode r = outcome.response();
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            r.path("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
            headers.put("Weft-Execution-Id", started.id());
            byte[] bytes;
            try {
                bytes = Exchange.JSON.writeValueAsBytes(r.get("body"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            int status = r.path("status").asInt(200);
            statusCounter.accept(status);
            x.send(status, "application/json", bytes, headers);
            return;
        }
        var finished = outcome.finished();
        ObjectNode out = Exchange.JSON.createObjectNode();
        out.put("executionId", started.id());
        out.put("status", finished.status().wireName());
        out.set("output", finished.output());
        out.set("error", finished.error());
        int status = finished.status() == dev.weft.engine.store.ExecutionStatus.SUCCEEDED ? 200 : 500;
        statusCounter.accept(status);
        x.json(status, out);
    }

    /**
     * The execution's response or end, or null when the timeout passed first. A repeated delivery's is
     * usually recorded already, so the store is read at once. A new execution answers through the listener;
     * only if it has not after {@link #MISSED_OUTCOME_CHECK} is the store read, in case it answered where
     * nobody listened (another node claimed it). One that answers in the commit that creates it, before
     * {@code start} returns, is heard all the same: {@link SyncResponses} listens from its start. Reading the
     * store for every delivery cost 7 % of the server's CPU in the webhook benchmark.
     */
    private SyncResponses.Outcome awaitOutcome(String tenant, StartedExecution started,
            CompletableFuture<SyncResponses.Outcome> waiting, Duration timeout)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!started.created()) {
            SyncResponses.Outcome known = alreadyKnown(tenant, started.id());
            if (known != null) {
                return known;
            }
        } else {
            try {
                return waiting.get(Math.min(MISSED_OUTCOME_CHECK.toNanos(), timeout.toNanos()),
                        TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                SyncResponses.Outcome known = alreadyKnown(tenant, started.id());
                if (known != null) {
                    return known;
                }
            }
        }
        try {
            return waiting.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        }
    }

    /**
     * The response or end already recorded (a repeated delivery, or one that ran before we listened). The
     * execution row is read before its steps: a respond step commits with or before the end it leads to,
     * so an execution seen ended has all its steps recorded. (Steps first could miss a respond that
     * committed together with the end between the two reads, and answer with the end instead.)
     */
    private SyncResponses.Outcome alreadyKnown(String tenant, String id) {
        Caller caller = Caller.system(tenant, "webhook");
        var execution = client.execution(caller, id).orElse(null);
        for (StepRecord s : client.steps(caller, id)) {
            if ("respond".equals(s.type()) && s.status() == StepStatus.SUCCEEDED) {
                return new SyncResponses.Outcome(s.output(), null);
            }
        }
        return execution != null && execution.status().terminal()
                ? new SyncResponses.Outcome(null, execution)
                : null;
    }

    /** A webhook body as the flow sees it: JSON, a form as an object, anything else as text; 400 when malformed. */
    public static JsonNode parse(String type, byte[] body) {
        if (body.length == 0) {
            return null;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (type == null || type.equals("application/json")) {
            try {
                return StrictJson.read(body);
            } catch (StrictJson.InvalidJsonException e) {
                throw new ApiException(400, "body.invalid_json", "the webhook body is not valid JSON"
                        + (type == null ? " (no Content-Type was sent, so JSON was expected)" : "") + ": "
                        + e.getMessage());
            }
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            ObjectNode form = Exchange.JSON.createObjectNode();
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = formDecoded(eq < 0 ? pair : pair.substring(0, eq), "a field name");
                String value = eq < 0 ? "" : formDecoded(pair.substring(eq + 1), "field '" + name + "'");
                JsonNode before = form.get(name);
                if (before == null) {
                    form.put(name, value);
                } else if (before.isArray()) { // a field sent several times: its values in order
                    ((com.fasterxml.jackson.databind.node.ArrayNode) before).add(value);
                } else {
                    form.putArray(name).add(before.asText()).add(value);
                }
            }
            return form;
        }
        return Exchange.JSON.getNodeFactory().textNode(text);
    }

    /** A form field's name or value, percent-decoded; a malformed escape is the caller's error, named. */
    private static String formDecoded(String encoded, String what) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "body.invalid_form", "the webhook's form body has a malformed"
                    + " percent-escape in " + what + " (each % must be followed by two hexadecimal digits;"
                    + " send a literal % as %25)");
        }
    }

}
