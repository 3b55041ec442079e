package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.sync.ConflictStatus;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncFailure;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncSide;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import dev.weft.sync.SyncInputException;
import dev.weft.sync.SyncService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/sync}: data sync jobs (deployed as YAML or JSON, like flows), their runs with counts and
 * progress, the records that failed, and the conflicts held for review with their resolution. Thread-safe.
 */
public final class SyncApi {
    private static final Set<String> SOURCE_TYPES = Set.of("application/yaml", "application/x-yaml",
            "text/yaml",
            "application/json");
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;

    private final SyncService sync;

    public SyncApi(SyncService sync) {
        this.sync = sync;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("GET", "/api/v1/sync", this::list),
                Route.api("PUT", "/api/v1/sync/{job}", this::put),
                Route.api("GET", "/api/v1/sync/{job}", this::get),
                Route.api("DELETE", "/api/v1/sync/{job}", this::delete),
                Route.api("POST", "/api/v1/sync/{job}/run", x -> queue(x, false)),
                Route.api("POST", "/api/v1/sync/{job}/resync", x -> queue(x, true)),
                Route.api("POST", "/api/v1/sync/{job}/changes", this::changes),
                Route.api("GET", "/api/v1/sync/{job}/runs", this::runs),
                Route.api("GET", "/api/v1/sync/{job}/runs/{run}", this::run),
                Route.api("GET", "/api/v1/sync/{job}/failures", this::failures),
                Route.api("GET", "/api/v1/sync/{job}/conflicts", this::conflicts),
                Route.api("GET", "/api/v1/sync/{job}/conflicts/{id}", this::conflict),
                Route.api("POST", "/api/v1/sync/{job}/conflicts/{id}/resolve", this::resolve));
    }

    private void list(Exchange x) {
        QueryParams.none(x.query());
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        for (var record : sync.jobs(x.tenant())) {
            items.add(SyncViews.job(checked(() -> sync.status(x.tenant(), record.id())), false));
        }
        x.json(200, body);
    }

    private void put(Exchange x) {
        QueryParams.none(x.query());
        String type = x.contentType();
        if (type != null && !SOURCE_TYPES.contains(type)) {
            throw new ApiException(415, "content_type.unsupported",
                    "a sync job is sent as application/yaml or"
                            + " application/json, but the request says " + type);
        }
        String id = x.param("job");
        String source = new String(x.body(), StandardCharsets.UTF_8);
        String fileName = id + ("application/json".equals(type) ? ".json" : ".yaml");
        var before = sync.job(x.tenant(), id);
        SyncService.Deployed deployed = checked(() -> sync.deploy(x.tenant(), fileName, source, id));
        before.ifPresent(b -> AuditDigests.before(Exchange.JSON.getNodeFactory().textNode(b.sha256())));
        AuditDigests.after(
                Exchange.JSON.getNodeFactory().textNode(dev.weft.engine.store.AuditChain.digest(source)));
        ObjectNode body = SyncViews.job(checked(() -> sync.status(x.tenant(), id)), false);
        body.put("created", deployed.changed());
        x.json(deployed.changed() ? 201 : 200, body);
    }

    private void get(Exchange x) {
        QueryParams.none(x.query());
        x.json(200, SyncViews.job(checked(() -> sync.status(x.tenant(), x.param("job"))), true));
    }

    private void delete(Exchange x) {
        QueryParams.none(x.query());
        String id = x.param("job");
        sync.job(x.tenant(), id).ifPresent(
                before -> AuditDigests.before(Exchange.JSON.getNodeFactory().textNode(before.sha256())));
        if (!sync.delete(x.tenant(), id)) {
            throw ApiException.notFound("no sync job '" + id + "'");
        }
        x.send(204, null, new byte[0], Map.of());
    }

    private void queue(Exchange x, boolean full) {
        QueryParams.none(x.query());
        String id = x.param("job");
        SyncRun run = checked(() -> full ? sync.resync(x.tenant(), id) : sync.runNow(x.tenant(), id));
        x.json(202, SyncViews.run(run));
    }

    private void changes(Exchange x) {
        QueryParams.none(x.query());
        existing(x);
        JsonNode body;
        try {
            body = Exchange.JSON.readTree(x.body());
        } catch (java.io.IOException e) {
            body = null;
        }
        if (body == null || !body.isObject() || !body.path("keys").isArray()) {
            throw ApiException.badRequest(SyncInputException.INVALID,
                    "the body must be JSON such as {\"side\":"
                            + " \"left\", \"keys\": [[42], [43]]}: the side whose records changed and their keys (each the"
                            + " key fields' values, or a record holding them)");
        }
        List<JsonNode> keys = new ArrayList<>();
        body.get("keys").forEach(keys::add);
        String side = body.path("side").isTextual() ? body.get("side").asText() : null;
        String id = x.param("job");
        int added = checked(() -> sync.changed(x.tenant(), id, side, keys));
        x.json(202, Exchange.JSON.createObjectNode().put("accepted", keys.size()).put("new", added));
    }

    private void runs(Exchange x) {
        QueryParams q = QueryParams.check(x.query(), Set.of("before", "limit"), Set.of());
        long before = q.integer("before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
        int limit = q.limit(DEFAULT_PAGE, MAX_PAGE);
        String id = x.param("job");
        List<SyncRun> runs = checked(() -> sync.runs(x.tenant(), id, before == Long.MAX_VALUE ? null : before,
                limit + 1));
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        runs.stream().limit(limit).forEach(r -> items.add(SyncViews.run(r)));
        if (runs.size() > limit) {
            body.put("next",
                    "/api/v1/sync/" + id + "/runs?before=" + runs.get(limit - 1).id() + "&limit=" + limit);
        }
        x.json(200, body);
    }

    private void run(Exchange x) {
        QueryParams.none(x.query());
        String id = x.param("job");
        long runId;
        try {
            runId = Long.parseLong(x.param("run"));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("no run '" + x.param("run") + "' of sync job '" + id + "'");
        }
        SyncRun run = sync.run(x.tenant(), id, runId)
                .orElseThrow(() -> ApiException.notFound("no run " + runId + " of sync job '" + id + "'"));
        x.json(200, SyncViews.run(run));
    }

    private void failures(Exchange x) {
        QueryParams q = QueryParams.check(x.query(), Set.of("after", "limit"), Set.of());
        int limit = q.limit(DEFAULT_PAGE, MAX_PAGE);
        String after = q.one("after");
        SyncSide afterSide = null;
        String afterKey = null;
        if (after != null) {
            int colon = after.indexOf(':');
            try {
                afterSide = SyncSide.of(colon < 0 ? after : after.substring(0, colon));
            } catch (IllegalArgumentException e) {
                throw QueryParams
                        .invalid("after must be the 'next' of the previous page (side:key), but was '"
                                + after + "'");
            }
            afterKey = colon < 0 ? "" : after.substring(colon + 1);
        }
        String id = x.param("job");
        SyncSide side = afterSide;
        String key = afterKey;
        List<SyncFailure> failures = checked(() -> sync.failures(x.tenant(), id, side, key, limit + 1));
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        failures.stream().limit(limit).forEach(f -> items.add(SyncViews.failure(f)));
        if (failures.size() > limit) {
            SyncFailure last = failures.get(limit - 1);
            body.put("next", last.side().label() + ":" + last.key());
        }
        x.json(200, body);
    }

    private void conflicts(Exchange x) {
        QueryParams q = QueryParams.check(x.query(), Set.of("status", "after", "limit"), Set.of());
        int limit = q.limit(DEFAULT_PAGE, MAX_PAGE);
        String s = q.one("status");
        ConflictStatus status = null;
        if (s != null && !s.equals("any")) {
            try {
                status = ConflictStatus.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw QueryParams
                        .invalid("status must be open, resolved, applied or any, but was '" + s + "'");
            }
        } else if (s == null) {
            status = ConflictStatus.OPEN;
        }
        String id = x.param("job");
        ConflictStatus wanted = status;
        List<SyncConflict> conflicts = checked(() -> sync.conflicts(x.tenant(), id, wanted, q.one("after"),
                limit + 1));
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("items");
        conflicts.stream().limit(limit).forEach(c -> items.add(SyncViews.conflict(c)));
        if (conflicts.size() > limit) {
            body.put("next", conflicts.get(limit - 1).id());
        }
        x.json(200, body);
    }

    private void conflict(Exchange x) {
        QueryParams.none(x.query());
        String id = x.param("job");
        String conflictId = x.param("id");
        checked(() -> sync.status(x.tenant(), id));
        SyncConflict c = sync.conflict(x.tenant(), id, conflictId).orElseThrow(
                () -> ApiException.notFound("no conflict '" + conflictId + "' in sync job '" + id + "'"));
        x.json(200, SyncViews.conflict(c));
    }

    private void resolve(Exchange x) {
        QueryParams.none(x.query());
        existing(x);
        JsonNode body;
        try {
            body = Exchange.JSON.readTree(x.body());
        } catch (java.io.IOException e) {
            throw ApiException.badRequest(SyncInputException.INVALID,
                    "the body must be JSON: {\"take\": \"left\"},"
                            + " {\"take\": \"right\"} or {\"record\": {...}}");
        }
        String id = x.param("job");
        String conflictId = x.param("id");
        AuditDigests.after(body);
        SyncConflict resolved = checked(() -> sync.resolve(x.tenant(), id, conflictId, body,
                x.principal().actor()));
        x.json(202, SyncViews.conflict(resolved));
    }

    /** A 404 for a job the caller's tenant does not have, before the body is looked at. */
    private void existing(Exchange x) {
        String id = x.param("job");
        if (sync.job(x.tenant(), id).isEmpty()) {
            throw ApiException.notFound("no sync job '" + id + "'");
        }
    }

    /** Work that may refuse the request, its refusal as the API's error. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws SyncInputException;
    }

    private static <T> T checked(Work<T> work) {
        try {
            return work.run();
        } catch (SyncInputException e) {
            int status = switch (e.code()) {
                case SyncInputException.NOT_FOUND -> 404;
                case SyncInputException.CONFLICT -> 409;
                default -> 400;
            };
            List<JsonNode> details = Views.problems(e.problems());
            throw new ApiException(status, e.code(), e.getMessage(), details);
        }
    }
}
