package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.WeftClient;
import dev.weft.engine.InvalidFlowException;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.Problem;
import dev.weft.engine.store.FlowVersion;
import dev.weft.server.hooks.WebhookRoutes;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/flows}: deploy (each change a new immutable version), read, list and delete flows, list a
 * flow's versions, and validate a flow without deploying it.
 */
public final class FlowsApi {
    private static final Set<String> SOURCE_TYPES = Set.of("application/json", "application/yaml",
            "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain");

    static final int DEFAULT_VERSIONS_PAGE = 50;
    static final int MAX_VERSIONS_PAGE = 500;

    private final WeftClient client;
    private final WebhookRoutes hooks;

    public FlowsApi(WeftClient client, WebhookRoutes hooks) {
        this.client = client;
        this.hooks = hooks;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("GET", "/api/v1/flows", this::list),
                Route.check("POST", "/api/v1/flows/validate", this::validate),
                Route.api("GET", "/api/v1/flows/{namespace}/{id}/versions", this::versions),
                Route.api("PUT", "/api/v1/flows/{namespace}/{id}", this::put),
                Route.api("GET", "/api/v1/flows/{namespace}/{id}", this::get),
                Route.api("DELETE", "/api/v1/flows/{namespace}/{id}", this::delete));
    }

    private void put(Exchange x) {
        String type = sourceType(x);
        String namespace = x.param("namespace");
        String id = x.param("id");
        String source = new String(x.body(), StandardCharsets.UTF_8);
        String fileName = namespace + "/" + id + ("application/json".equals(type) ? ".json" : ".yaml");
        Flow flow;
        try {
            flow = client.validate(fileName, source);
        } catch (InvalidFlowException e) {
            throw invalid(e.problems());
        }
        if (!flow.namespace().equals(namespace) || !flow.id().equals(id)) {
            throw new ApiException(400, "flow.mismatch", "the document is flow " + flow.qualifiedName()
                    + " but the URL names " + namespace + "/" + id + "; make 'namespace' and 'id' in the"
                    + " document match the URL (a document without 'namespace' is in 'default')");
        }
        if (!x.caller().reaches(namespace)) {
            // Before the webhook paths are compared: a conflict would name a flow the caller cannot read.
            throw new ApiException(403, "namespace.out_of_scope", "this caller may deploy to namespaces "
                    + new java.util.TreeSet<>(x.caller().namespaces()) + " only, so not to '" + namespace
                    + "'");
        }
        hooks.checkPathsFree(x.tenant(), flow);
        FlowVersion before = client.latestFlow(x.caller(), namespace, id).orElse(null);
        if (before != null) {
            AuditDigests.before(Exchange.JSON.getNodeFactory().textNode(before.sha256()));
        }
        AuditDigests.after(
                Exchange.JSON.getNodeFactory().textNode(dev.weft.engine.store.AuditChain.digest(source)));
        FlowVersion v;
        try {
            v = client.deploy(x.caller(), fileName, source);
        } catch (InvalidFlowException e) {
            throw invalid(e.problems());
        }
        boolean created = before == null || before.version() != v.version();
        ObjectNode body = Views.flowVersion(v, false);
        body.put("created", created);
        x.json(created ? 201 : 200, body);
    }

    private static String sourceType(Exchange x) {
        String type = x.contentType();
        if (type != null && !SOURCE_TYPES.contains(type)) {
            throw new ApiException(415, "content_type.unsupported", "a flow is sent as application/yaml or"
                    + " application/json, but the request says " + type);
        }
        return type;
    }

    /**
     * Checks a flow as a deploy would (the document alone: not the caller's namespaces nor other flows'
     * webhook paths, which the deploy checks) and answers 200 either way: {@code valid} and the problems,
     * each with its line, column, JSON path and message.
     */
    private void validate(Exchange x) {
        QueryParams.none(x.query());
        String type = sourceType(x);
        String source = new String(x.body(), StandardCharsets.UTF_8);
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode problems = body.putArray("problems");
        try {
            Flow flow = client.validate("application/json".equals(type) ? "flow.json" : "flow.yaml", source);
            body.put("valid", true);
            body.put("namespace", flow.namespace());
            body.put("id", flow.id());
        } catch (InvalidFlowException e) {
            body.put("valid", false);
            problems.addAll(Views.problems(e.problems()));
        }
        x.json(200, body);
    }

    /** A flow's versions, newest first, without their source: {@code ?before=N&limit=M}, {@code nextBefore}. */
    private void versions(Exchange x) {
        QueryParams q = QueryParams.check(x.query(), java.util.Set.of("before", "limit"), java.util.Set.of());
        int before = (int) q.integer("before", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        int limit = q.limit(DEFAULT_VERSIONS_PAGE, MAX_VERSIONS_PAGE);
        String namespace = x.param("namespace");
        String id = x.param("id");
        List<FlowVersion> page = client.flowVersions(x.caller(), namespace, id, before, limit + 1);
        if (page.isEmpty()
                && client.flowVersions(x.caller(), namespace, id, Integer.MAX_VALUE, 1).isEmpty()) {
            throw ApiException.notFound("no flow " + namespace + "/" + id);
        }
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode versions = body.putArray("versions");
        page.stream().limit(limit).forEach(v -> versions.add(Views.flowVersion(v, false)));
        if (page.size() > limit) {
            body.put("nextBefore", page.get(limit - 1).version());
        }
        x.json(200, body);
    }

    private static ApiException invalid(List<Problem> problems) {
        List<JsonNode> details = Views.problems(problems);
        return new ApiException(400, "flow.invalid", "the flow is invalid: " + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + ", each in details with its line,"
                + " column and path; first: " + problems.getFirst(), details);
    }

    private void get(Exchange x) {
        String versionParam = x.queryParam("version");
        FlowVersion v;
        if (versionParam == null) {
            v = client.latestFlow(x.caller(), x.param("namespace"), x.param("id"))
                    .orElseThrow(() -> ApiException.notFound("no flow " + x.param("namespace") + "/"
                            + x.param("id")));
        } else {
            int version;
            try {
                version = Integer.parseInt(versionParam);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("query.invalid", "version must be a whole number, but was '"
                        + versionParam + "'");
            }
            v = client.flowVersion(x.caller(), x.param("namespace"), x.param("id"), version)
                    .orElseThrow(() -> ApiException.notFound("no version " + version + " of flow "
                            + x.param("namespace") + "/" + x.param("id")));
        }
        x.json(200, Views.flowVersion(v, true));
    }

    private void list(Exchange x) {
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode flows = body.putArray("flows");
        for (FlowVersion v : client.flows(x.caller())) {
            flows.add(Views.flowVersion(v, false));
        }
        x.json(200, body);
    }

    private void delete(Exchange x) {
        client.latestFlow(x.caller(), x.param("namespace"), x.param("id"))
                .ifPresent(b -> AuditDigests.before(Exchange.JSON.getNodeFactory().textNode(b.sha256())));
        if (!client.deleteFlow(x.caller(), x.param("namespace"), x.param("id"))) {
            throw ApiException.notFound("no flow " + x.param("namespace") + "/" + x.param("id"));
        }
        x.send(204, null, new byte[0], java.util.Map.of());
    }
}
