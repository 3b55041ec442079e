package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.WeftClient;
import java.time.Clock;
import dev.weft.engine.ExecutionControlException;
import dev.weft.engine.ExecutionView;
import dev.weft.engine.InvalidInputException;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.FlowVersion;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/executions} and starting executions: read one with its steps, list with filters, cancel,
 * retry from the failed step, replay from a step, send a signal.
 */
public final class ExecutionsApi {
    private final WeftClient client;
    private final Clock clock;

    public ExecutionsApi(WeftClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("POST", "/api/v1/flows/{namespace}/{id}/executions", this::start),
                Route.api("GET", "/api/v1/executions", this::list),
                Route.api("GET", "/api/v1/executions/{id}", this::get),
                Route.api("POST", "/api/v1/executions/{id}/cancel", this::cancel),
                Route.api("POST", "/api/v1/executions/{id}/retry", this::retry),
                Route.api("POST", "/api/v1/executions/{id}/replay", this::replay),
                Route.api("POST", "/api/v1/executions/{id}/signals/{name}", this::signal));
    }

    private void start(Exchange x) {
        FlowVersion v = client.latestFlow(x.caller(), x.param("namespace"), x.param("id"))
                .orElseThrow(() -> {
                    if (x.readsButMayNotAct(x.param("namespace"),
                            dev.weft.server.access.Permission.FLOWS_READ)
                            && client.latestFlow(x.principal().caller(), x.param("namespace"), x.param("id"))
                                    .isPresent()) {
                        return x.notGrantedIn(x.param("namespace"));
                    }
                    return ApiException.notFound("no flow " + x.param("namespace") + "/" + x.param("id")
                            + "; deploy it with PUT /api/v1/flows/{namespace}/{id}");
                });
        JsonNode input = x.jsonBody();
        String id;
        try {
            id = client.start(x.caller(), v, input, null, null).id();
        } catch (InvalidInputException e) {
            throw invalidInput(e);
        }
        ObjectNode body = Exchange.JSON.createObjectNode();
        body.put("id", id);
        body.put("flow", v.namespace() + "/" + v.flowId());
        body.put("version", v.version());
        body.put("status", ExecutionStatus.QUEUED.wireName());
        x.json(201, body);
    }

    static ApiException invalidInput(InvalidInputException e) {
        List<JsonNode> details = new ArrayList<>();
        e.problems().forEach(p -> details.add(Exchange.JSON.getNodeFactory().textNode(p)));
        return new ApiException(400, "input.invalid", e.getMessage(), details);
    }

    /** Steps per page of {@code GET /api/v1/executions/{id}} unless {@code stepLimit} says otherwise. */
    static final int DEFAULT_STEP_LIMIT = 500;
    static final int MAX_STEP_LIMIT = 1000;

    private void get(Exchange x) {
        QueryParams q = QueryParams.check(x.query(), java.util.Set.of("stepLimit", "stepCursor"),
                java.util.Set.of());
        ExecutionView.StepPage page = new ExecutionView.StepPage(
                q.integer("stepCursor", -1, 0, Long.MAX_VALUE),
                (int) q.integer("stepLimit", DEFAULT_STEP_LIMIT, 1, MAX_STEP_LIMIT));
        x.json(200, client.view(x.caller(), x.param("id"), page).orElseThrow(
                () -> ApiException.notFound("no execution " + x.param("id"))));
    }

    /**
     * The execution the caller acts on; 403 when it reads the execution but its roles in the execution's
     * namespace do not grant the action, 404 when it cannot read it either.
     */
    private ExecutionRecord existing(Exchange x) {
        String id = x.param("id");
        return client.execution(x.caller(), id).orElseThrow(() -> {
            var seen = client.execution(x.principal().caller(), id);
            if (seen.isPresent()
                    && x.readsButMayNotAct(seen.get().namespace(),
                            dev.weft.server.access.Permission.EXECUTIONS_READ)) {
                return x.notGrantedIn(seen.get().namespace());
            }
            return ApiException.notFound("no execution " + id);
        });
    }

    /** A page, newest first, with {@code nextCursor} when more follow; see {@link ExecutionListRequest}. */
    private void list(Exchange x) {
        ExecutionListRequest request = ExecutionListRequest.parse(x.tenant(), x.query(),
                clock.instant());
        ExecutionListRequest.Page page = request.page(client.executions(x.caller(), request.query()));
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("executions");
        page.rows().forEach(r -> items.add(Views.execution(r)));
        body.put("nextCursor", page.nextCursor());
        x.json(200, body);
    }

    private void cancel(Exchange x) {
        JsonNode body = x.jsonBody();
        String reason = body != null && body.hasNonNull("reason") ? body.get("reason").asText() : null;
        ExecutionRecord e = existing(x);
        ExecutionRecord cancelled = client.cancel(x.caller(), e.id(), reason)
                .orElseThrow(() -> new ApiException(409,
                        "execution.finished", "execution " + e.id() + " has already ended ("
                                + client.execution(x.caller(), e.id()).map(r -> r.status().wireName())
                                        .orElse("gone")
                                + "); only an unfinished execution can be cancelled"));
        x.json(200, Views.execution(cancelled));
    }

    private void retry(Exchange x) {
        try {
            x.json(200, Views.execution(client.retry(x.caller(), existing(x).id())));
        } catch (ExecutionControlException e) {
            throw conflict(e);
        }
    }

    private void replay(Exchange x) {
        ExecutionRecord e = existing(x);
        JsonNode body = x.jsonBody();
        if (body == null || !body.isObject() || !body.hasNonNull("fromStep")
                || !body.get("fromStep").isTextual()) {
            throw ApiException.badRequest("body.invalid", "replay needs a JSON body with 'fromStep' (the step"
                    + " id or path to run again from), and optionally 'input' (the new input) and 'version'"
                    + " ('pinned', the default, or 'latest')");
        }
        Fields.allowOnly(body, Set.of("fromStep", "input", "version"), "replay");
        String version = body.hasNonNull("version") ? body.get("version").asText() : "pinned";
        if (!version.equals("pinned") && !version.equals("latest")) {
            throw ApiException.badRequest("body.invalid", "version must be 'pinned' or 'latest', but was '"
                    + version + "'");
        }
        try {
            String id = client.replay(x.caller(), e.id(), body.get("fromStep").asText(), body.get("input"),
                    version.equals("latest"));
            ObjectNode out = Exchange.JSON.createObjectNode();
            out.put("id", id);
            out.put("replayOf", e.id());
            x.json(201, out);
        } catch (ExecutionControlException ex) {
            throw conflict(ex);
        } catch (InvalidInputException ex) {
            throw invalidInput(ex);
        }
    }

    private static ApiException conflict(ExecutionControlException e) {
        int status = switch (e.code()) {
            case "execution.not_found" -> 404;
            case "replay.unknown_step", "replay.step_not_run" -> 400;
            default -> 409;
        };
        return new ApiException(status, e.code(), e.getMessage());
    }

    private void signal(Exchange x) {
        ExecutionRecord e = existing(x);
        JsonNode payload = x.jsonBody();
        boolean sent;
        try {
            sent = client.signal(x.caller(), e.id(), x.param("name"), payload);
        } catch (dev.weft.engine.UnknownSignalException ex) {
            throw new ApiException(400, "signal.unknown", ex.getMessage(),
                    ex.declared().stream().map(n -> (JsonNode) Exchange.JSON.getNodeFactory().textNode(n))
                            .toList());
        } catch (IllegalArgumentException ex) {
            throw ApiException.badRequest("signal.invalid_name", ex.getMessage());
        }
        if (!sent) {
            throw new ApiException(409, "execution.finished", "execution " + e.id() + " has ended; signals"
                    + " reach only unfinished executions");
        }
        x.json(202,
                Exchange.JSON.createObjectNode().put("executionId", e.id()).put("signal", x.param("name")));
    }

    /** Checks of request bodies. */
    static final class Fields {
        private Fields() {
        }

        static void allowOnly(JsonNode body, Set<String> known, String what) {
            for (String f : (Iterable<String>) body::fieldNames) {
                if (!known.contains(f)) {
                    throw ApiException.badRequest("body.unknown_field",
                            "'" + f + "' is not a field of " + what
                                    + "; fields: " + String.join(", ", new java.util.TreeSet<>(known)));
                }
            }
        }
    }
}
