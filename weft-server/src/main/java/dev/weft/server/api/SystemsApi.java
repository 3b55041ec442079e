package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.weft.connector.Call;
import dev.weft.connector.TraceContext;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.TriggerSpec;
import dev.weft.engine.store.SystemRecord;
import dev.weft.engine.store.SystemStore;
import dev.weft.gateway.Gateway;
import dev.weft.gateway.Gateways;
import dev.weft.gateway.RecentCalls;
import dev.weft.gateway.SystemDefinition;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import dev.weft.vault.CredentialInfo;
import dev.weft.vault.Vault;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

/**
 * {@code /api/v1/systems} and {@code /api/v1/connectors}: configured systems (connector, config, the name
 * of a vault credential, policy), their connection test, and calling an operation on one through the
 * gateway. Reads never show a secret: a system names its credential, the vault keeps it.
 */
public final class SystemsApi {
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory
            .getInstance(SpecVersion.VersionFlag.V202012);
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Gateways gateways;
    /** The connectors' declarations, the same in every tenant's gateway. */
    private final Gateway catalog;
    private final java.util.Map<String, com.networknt.schema.JsonSchema> inputSchemas = new java.util.concurrent.ConcurrentHashMap<>();
    private final SystemStore systems;
    private final Vault vault;
    private final Clock clock;
    private final RecentCalls recentCalls;

    /**
     * @param recentCalls the calls each system made on this node, kept by the observer of each tenant's
     *     gateway ({@link RecentCalls#observer})
     */
    public SystemsApi(Gateways gateways, String firstTenant, SystemStore systems, Vault vault, Clock clock,
            RecentCalls recentCalls) {
        this.gateways = gateways;
        this.catalog = gateways.of(firstTenant);
        this.systems = systems;
        this.vault = vault;
        this.clock = clock;
        this.recentCalls = recentCalls;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("GET", "/api/v1/connectors", this::connectors),
                Route.api("GET", "/api/v1/systems", this::list),
                Route.api("PUT", "/api/v1/systems/{id}", this::put),
                Route.api("GET", "/api/v1/systems/{id}", this::get),
                Route.api("DELETE", "/api/v1/systems/{id}", this::delete),
                Route.api("POST", "/api/v1/systems/{id}/test", this::test),
                Route.api("GET", "/api/v1/systems/{id}/calls", this::calls),
                Route.api("POST", "/api/v1/systems/{id}/operations/{operation}", this::operation));
    }

    private void put(Exchange x) {
        String id = x.param("id");
        String idProblem = SystemDefinition.idProblem(id);
        if (idProblem != null) {
            throw ApiException.badRequest("system.id", idProblem);
        }
        JsonNode body = x.jsonBody();
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body.invalid",
                    "a system is a JSON object with 'connector', 'config', and optionally 'credential' and 'policy'");
        }
        List<String> problems = new ArrayList<>(SystemDefinition.problems(id, body, catalog::connector,
                catalog.connectors().stream().map(ConnectorSpec::id).toList()));
        String connectorId = body.path("connector").isTextual() ? body.get("connector").asText() : null;
        ConnectorSpec spec = connectorId == null ? null : catalog.connector(connectorId).orElse(null);
        JsonNode config = SystemDefinition.config(body);
        String credential = credential(x, id, body, spec, problems);
        JsonNode policy = SystemDefinition.policy(body);
        String fallback = SystemDefinition.fallbackSystem(policy);
        if (fallback != null && spec != null) {
            systems.system(x.tenant(), fallback)
                    .flatMap(
                            other -> SystemDefinition.fallbackProblem(spec.id(), fallback, other.connector()))
                    .ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "system.invalid",
                    "the system is not valid: " + String.join("; ", problems),
                    problems.stream().map(p -> (JsonNode) Exchange.JSON.getNodeFactory().textNode(p))
                            .toList());
        }
        Long expected = expectedVersion(x);
        Optional<SystemRecord> before = systems.system(x.tenant(), id);
        boolean existed = before.isPresent();
        before.ifPresent(
                b -> AuditDigests.before(auditView(b.connector(), b.config(), b.credential(), b.policy())));
        AuditDigests.after(auditView(connectorId, config, credential, policy));
        SystemRecord stored = expected == null
                ? systems.putSystem(x.tenant(), id, connectorId, config, credential, policy, clock.instant())
                : systems.putSystemIf(x.tenant(), id, expected, connectorId, config, credential, policy,
                        clock.instant()).orElseThrow(() -> conflict(x.tenant(), id, expected));
        existed = stored.version() > 1;
        gateways.of(x.tenant()).systemChanged(id);
        x.json(existed ? 200 : 201, view(stored));
    }

    /**
     * The version a conditional PUT expects: {@code If-Match: "3"} (the system's {@code version}) replaces
     * it only at that version, {@code If-None-Match: *} creates it only when there is none; null without
     * either.
     */
    private static Long expectedVersion(Exchange x) {
        String match = x.header("If-Match");
        String noneMatch = x.header("If-None-Match");
        if (match != null && noneMatch != null) {
            throw ApiException.badRequest("header.invalid",
                    "give If-Match (replace the system at that version) or If-None-Match: * (create it), not both");
        }
        if (noneMatch != null) {
            if (!noneMatch.trim().equals("*")) {
                throw ApiException.badRequest("header.invalid",
                        "If-None-Match: only * is understood (create the system only if there is none), but was "
                                + noneMatch);
            }
            return 0L;
        }
        if (match == null) {
            return null;
        }
        String v = match.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            long version = Long.parseLong(v);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("header.invalid",
                "If-Match: must be the system's version as read, such as \"3\", but was " + match);
    }

    /** The answer to a conditional PUT another change overtook: what the system is now, and what to do. */
    private ApiException conflict(String tenant, String id, long expected) {
        Optional<SystemRecord> now = systems.system(tenant, id);
        String message;
        if (expected == 0) {
            message = "system '" + id + "' exists already (version "
                    + now.map(SystemRecord::version).orElse(0L)
                    + "): read it and change it with If-Match, or choose another id";
        } else if (now.isEmpty()) {
            message = "system '" + id + "' was deleted after version " + expected
                    + " was read; create it again with If-None-Match: *";
        } else {
            message = "system '" + id + "' was changed by someone else: it is at version "
                    + now.get().version()
                    + ", not " + expected + "; read it again, then make the change with If-Match: \""
                    + now.get().version() + "\"";
        }
        return new ApiException(412, "system.version_conflict", message);
    }

    private String credential(Exchange x, String system, JsonNode body, ConnectorSpec spec,
            List<String> problems) {
        JsonNode value = body.get("credential");
        if (value == null || value.isNull()) {
            if (spec != null && spec.credentialRequired()) {
                problems.add("credential: required by connector " + spec.id() + " (one of "
                        + types(spec.credentialTypes()) + ")");
            }
            return null;
        }
        if (!value.isTextual()) {
            return null; // SystemDefinition reported it
        }
        String name = value.asText();
        CredentialInfo info = vault.info(x.tenant(), name).orElse(null);
        if (info == null) {
            problems.add("credential: no credential '" + name + "'; create it with PUT /api/v1/credentials/"
                    + name);
        } else if (spec != null
                && !spec.credentialTypes().contains(info.type())) {
            problems.add(
                    "credential: '" + name + "' is of type " + info.type().wireName() + ", but connector "
                            + spec.id() + " accepts "
                            + (spec.credentialTypes().isEmpty() ? "none" : types(spec.credentialTypes())));
        }
        if (info != null) {
            String unbound = dev.weft.gateway.CredentialBinding.problem(system, name,
                    dev.weft.vault.CredentialFields.systems(info.fields()), systems.systems(x.tenant()));
            if (unbound != null) {
                problems.add("credential: " + unbound);
            }
        }
        return name;
    }

    private static String types(Set<CredentialType> types) {
        return String.join(", ", types.stream().sorted().map(CredentialType::wireName).toList());
    }

    private void get(Exchange x) {
        SystemRecord system = systems.system(x.tenant(), x.param("id"))
                .orElseThrow(() -> ApiException.notFound("no system " + x.param("id")));
        ObjectNode view = (ObjectNode) view(system);
        view.set("state", gateways.of(x.tenant()).state(system));
        x.json(200, view);
    }

    private void list(Exchange x) {
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("systems");
        Gateway gateway = gateways.of(x.tenant());
        // The live state is this node's, in memory: reading it opens nothing and calls nothing.
        for (SystemRecord s : systems.systems(x.tenant())) {
            ObjectNode v = (ObjectNode) view(s);
            v.set("state", gateway.state(s));
            items.add(v);
        }
        x.json(200, body);
    }

    /**
     * The system's last calls on this node, the latest first: when each ended, its operation, endpoint,
     * outcome, error code, attempts and milliseconds; never its input, output or credential.
     */
    private void calls(Exchange x) {
        String id = x.param("id");
        systems.system(x.tenant(), id).orElseThrow(() -> ApiException.notFound("no system " + id));
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("calls");
        for (RecentCalls.Entry e : recentCalls.of(x.tenant(), id)) {
            ObjectNode o = items.addObject();
            o.put("at", e.at().toString());
            o.put("operation", e.operation());
            if (e.endpoint() == null) {
                o.putNull("endpoint");
            } else {
                o.put("endpoint", e.endpoint());
            }
            o.put("outcome", e.outcome());
            if (e.errorCode() == null) {
                o.putNull("errorCode");
            } else {
                o.put("errorCode", e.errorCode());
            }
            o.put("attempts", e.attempts());
            o.put("durationMs", Math.round(e.millis() * 1000) / 1000.0);
        }
        body.put("kept", RecentCalls.PER_SYSTEM);
        x.json(200, body);
    }

    /** What a change of a system is, for the audit log: its definition (a system holds no secret). */
    private static JsonNode auditView(String connector, JsonNode config, String credential, JsonNode policy) {
        return AuditDigests.fields("connector", connector, "config", config, "credential", credential,
                "policy",
                policy);
    }

    private void delete(Exchange x) {
        systems.system(x.tenant(), x.param("id")).ifPresent(
                b -> AuditDigests.before(auditView(b.connector(), b.config(), b.credential(), b.policy())));
        if (!systems.deleteSystem(x.tenant(), x.param("id"))) {
            throw ApiException.notFound("no system " + x.param("id"));
        }
        gateways.of(x.tenant()).systemChanged(x.param("id"));
        recentCalls.forget(x.tenant(), x.param("id"));
        x.send(204, null, new byte[0], Map.of());
    }

    private void test(Exchange x) {
        systems.system(x.tenant(), x.param("id"))
                .orElseThrow(() -> ApiException.notFound("no system " + x.param("id")));
        ConnectionTest verdict = gateways.of(x.tenant()).test(x.param("id"));
        ObjectNode out = Exchange.JSON.createObjectNode();
        out.put("ok", verdict.ok());
        out.put("message", verdict.message());
        x.json(200, out);
    }

    /**
     * Calls the operation with the request body as its input. The idempotency key is the request's
     * {@code Idempotency-Key} header, or a new one.
     */
    private void operation(Exchange x) {
        String system = x.param("id");
        String operation = x.param("operation");
        String problem = gateways.of(x.tenant()).problem(system, operation);
        if (problem != null) {
            throw new ApiException(problem.startsWith("no system") ? 404 : 400, "operation.invalid", problem);
        }
        JsonNode input = x.jsonBody();
        if (input == null || !input.isObject()) {
            throw ApiException.badRequest("body.invalid", "the body is the operation's input, a JSON object");
        }
        OperationSpec declared = catalog.operation(operation);
        OperationSpec spec;
        if (declared != null) {
            spec = declared;
        } else {
            // an operation the system offers of its own (an openapi system's operationId): its connector checks it
            try {
                spec = gateways.of(x.tenant()).operation(system, operation);
            } catch (ConnectorException e) {
                refused(x, e);
                return;
            }
            if (spec == null) {
                throw new ApiException(400, "operation.invalid", "system '" + system + "' has no operation '"
                        + operation + "'");
            }
        }
        List<JsonNode> problems = new ArrayList<>();
        // Compiled once per operation: compiling a schema costs far more than checking an input with it. A
        // system's own operation is checked by its connector, which reads the input as a flow's step gives it
        // (an openapi body's properties beside the parameters, numbers written as text).
        JsonSchemaForInput schema = declared != null
                ? inputSchemas.computeIfAbsent(operation,
                        k -> SCHEMAS.getSchema(spec.inputSchema()))::validate
                : in -> java.util.Set.of();
        for (ValidationMessage m : schema.validate(input)) {
            problems.add(Exchange.JSON.getNodeFactory().textNode(m.getMessage()));
        }
        if (!problems.isEmpty()) {
            throw new ApiException(400, "input.invalid",
                    "the input does not fit " + operation + "'s input schema",
                    problems);
        }
        TraceContext trace = TraceContext.continuing(x.header("traceparent")).orElseGet(TraceContext::random);
        // Without the caller's key, a key of this call alone: its span id is 64 random bits (a SecureRandom
        // UUID would cost a lock on /dev/urandom per call, and this key protects nothing secret).
        String key = x.header("Idempotency-Key") != null
                ? x.header("Idempotency-Key")
                : "api:" + trace.traceId() + "-" + trace.spanId();
        try {
            x.json(200, gateways.of(x.tenant()).call(system,
                    new Call(operation, input, key, API_CALL_TIMEOUT, new Cancellation(), trace)));
        } catch (ConnectorException e) {
            refused(x, e);
        }
    }

    /** What checks an input against a compiled schema. */
    @FunctionalInterface
    private interface JsonSchemaForInput {
        java.util.Set<ValidationMessage> validate(JsonNode input);
    }

    /**
     * Answers a failed call: 429 when the gateway's rate limiter or bulkhead refused it, or the target's own
     * rate limit did ({@link ConnectorException#rateLimited()}), and 503 when the
     * system's circuit breaker is open, both with {@code Retry-After}; an HTTP target's own 4xx status when
     * it refused the request; 502 for everything else (a 5xx, an unreachable target, a connector's error).
     */
    private static void refused(Exchange x, ConnectorException e) {
        int status = status(e);
        ObjectNode detail = Exchange.JSON.createObjectNode();
        detail.put("retryable", e.retryable());
        detail.set("details", e.details());
        ObjectNode body = Exchange.JSON.createObjectNode();
        body.put("error", e.code());
        body.put("message", e.getMessage());
        body.putArray("details").add(detail);
        JsonNode retryAfter = e.details().get("retryAfterSeconds");
        Map<String, String> headers = (status == 429 || status == 503) && retryAfter != null
                && retryAfter.canConvertToLong()
                        ? Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.longValue())))
                        : Map.of();
        try {
            x.send(status, "application/json", Exchange.JSON.writeValueAsBytes(body), headers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException("a JSON tree always serializes", impossible);
        }
    }

    static int status(ConnectorException e) {
        if (e.rateLimited()) {
            return 429; // the target's rate limit, however it said so (a 429, a 403 with its window spent)
        }
        return switch (e.code()) {
            case "gateway.rate_limited", "gateway.bulkhead_full" -> 429;
            case "gateway.circuit_open" -> 503;
            default -> {
                if (e.code().endsWith(".input") && !e.retryable()) {
                    yield 400; // the connector's own check of the call's input (Inputs): the caller's to fix
                }
                // An HTTP target's own refusal (http.status, http.graphql_errors): its status in the details.
                JsonNode upstream = e.details().get("status");
                yield e.code().startsWith("http.") && upstream != null && upstream.isInt()
                        && upstream.intValue() >= 400 && upstream.intValue() < 500
                                ? upstream.intValue()
                                : 502;
            }
        };
    }

    private void connectors(Exchange x) {
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("connectors");
        catalog.connectors().forEach(c -> items.add(view(c)));
        x.json(200, body);
    }

    private static JsonNode view(SystemRecord s) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("id", s.id());
        o.put("connector", s.connector());
        o.set("config", s.config());
        if (s.credential() == null) {
            o.putNull("credential");
        } else {
            o.put("credential", s.credential());
        }
        o.set("policy", s.policy());
        o.put("version", s.version());
        o.put("createdAt", s.createdAt().toString());
        o.put("updatedAt", s.updatedAt().toString());
        return o;
    }

    static JsonNode view(ConnectorSpec c) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("id", c.id());
        o.put("version", c.version());
        o.put("title", c.title());
        o.put("description", c.description());
        o.set("configSchema", c.configSchema());
        ArrayNode types = o.putArray("credentialTypes");
        c.credentialTypes().stream().sorted().forEach(t -> types.add(t.wireName()));
        o.put("credentialRequired", c.credentialRequired());
        ArrayNode ops = o.putArray("operations");
        for (OperationSpec op : c.operations()) {
            ObjectNode v = ops.addObject();
            v.put("name", op.name());
            v.put("description", op.description());
            v.put("idempotent", op.idempotent());
            v.put("readOnly", op.readOnly());
            v.set("inputSchema", op.inputSchema());
            v.set("outputSchema", op.outputSchema());
            examples(v, op.examples());
        }
        ArrayNode triggers = o.putArray("triggers");
        for (TriggerSpec t : c.triggers()) {
            ObjectNode v = triggers.addObject();
            v.put("name", t.name());
            v.put("description", t.description());
            v.put("kind", t.kind().name().toLowerCase(java.util.Locale.ROOT));
            v.set("configSchema", t.configSchema());
            v.set("eventSchema", t.eventSchema());
            examples(v, t.examples());
        }
        return o;
    }

    private static void examples(ObjectNode v, List<Example> examples) {
        ArrayNode list = v.putArray("examples");
        for (Example e : examples) {
            ObjectNode ex = list.addObject();
            ex.put("title", e.title());
            ex.set("input", e.input());
            if (e.output() != null) {
                ex.set("output", e.output());
            }
        }
    }
}
