package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.TenantRecord;
import dev.weft.engine.store.TenantStore;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/tenants}: the platform administrator creates, lists, renames, suspends and reactivates
 * tenants. (Who may is declared in the OpenAPI document: {@code tenants.read}, {@code tenants.write}.)
 */
public final class TenantsApi {
    /** New tenants' ids: they appear in URLs ({@code /hooks/<tenant>/...}), so lower case and short. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Set<String> STATUSES = Set.of(TenantRecord.ACTIVE, TenantRecord.SUSPENDED);
    private static final Set<String> CREATE_FIELDS = Set.of("id", "name", "quotas");
    private static final Set<String> PATCH_FIELDS = Set.of("name", "status", "quotas");

    private final TenantStore tenants;
    private final Clock clock;
    private final Runnable changed;

    /** @param changed told after a tenant is created or changed here */
    public TenantsApi(TenantStore tenants, Clock clock, Runnable changed) {
        this.tenants = tenants;
        this.clock = clock;
        this.changed = changed;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("GET", "/api/v1/tenants", this::list),
                Route.api("POST", "/api/v1/tenants", this::create),
                Route.api("GET", "/api/v1/tenants/{tenant}", this::get),
                Route.api("PATCH", "/api/v1/tenants/{tenant}", this::patch));
    }

    private void list(Exchange x) {
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("tenants");
        tenants.tenants().forEach(t -> items.add(view(t)));
        x.json(200, body);
    }

    private void get(Exchange x) {
        x.json(200, view(existing(x.param("tenant"))));
    }

    private void create(Exchange x) {
        JsonNode body = object(x, CREATE_FIELDS, "a tenant is {\"id\": \"acme\", \"name\": \"Acme Ltd\"}");
        String id = body.path("id").asText(null);
        if (id == null || !body.get("id").isTextual() || !ID.matcher(id).matches()) {
            throw ApiException.badRequest("tenant.invalid", "id: a tenant id is 1 to 63 lower-case letters,"
                    + " digits, '-' and '_', starting with a letter or digit (it appears in webhook URLs), but was "
                    + (id == null ? "missing" : "'" + id + "'"));
        }
        String name = name(body, id);
        Instant now = clock.instant();
        Quotas q = quotas(body, new Quotas(null, null));
        TenantRecord tenant = new TenantRecord(id, name, TenantRecord.ACTIVE, now, now,
                q.maxActiveExecutions(),
                q.maxStoredBytes());
        AuditDigests.after(AuditDigests.fields("id", id, "name", name, "status", tenant.status()));
        if (!tenants.createTenant(tenant)) {
            throw new ApiException(409, "tenant.exists", "tenant " + id + " exists already");
        }
        changed.run();
        x.json(201, view(tenant));
    }

    private void patch(Exchange x) {
        TenantRecord before = existing(x.param("tenant"));
        JsonNode body = object(x, PATCH_FIELDS, "a change is {\"name\": ...} and/or {\"status\": \"active\""
                + " | \"suspended\"}");
        String name = body.has("name") ? name(body, before.name()) : before.name();
        String status = before.status();
        if (body.has("status")) {
            status = body.get("status").asText();
            if (!body.get("status").isTextual() || !STATUSES.contains(status)) {
                throw ApiException.badRequest("tenant.invalid", "status: 'active' or 'suspended', but was "
                        + body.get("status"));
            }
            if (before.id().equals(ExecutionStore.DEFAULT_TENANT) && !status.equals(TenantRecord.ACTIVE)) {
                throw new ApiException(409, "tenant.default", "the default tenant holds the platform"
                        + " administrators' keys and cannot be suspended");
            }
        }
        Quotas q = quotas(body, new Quotas(before.maxActiveExecutions(), before.maxStoredBytes()));
        TenantRecord after = new TenantRecord(before.id(), name, status, before.createdAt(), clock.instant(),
                q.maxActiveExecutions(), q.maxStoredBytes());
        AuditDigests.before(
                AuditDigests.fields("id", before.id(), "name", before.name(), "status", before.status()));
        AuditDigests
                .after(AuditDigests.fields("id", after.id(), "name", after.name(), "status", after.status()));
        if (!tenants.updateTenant(after)) {
            throw ApiException.notFound("no tenant " + before.id());
        }
        changed.run();
        x.json(200, view(after));
    }

    private TenantRecord existing(String id) {
        return tenants.tenant(id).orElseThrow(() -> ApiException.notFound("no tenant " + id));
    }

    /**
     * The tenant a path names ({@code /api/v1/tenants/{tenant}/...}) when the caller may manage it: its own,
     * or any for a platform administrator; else 404, whether it exists or not, so ids leak nothing.
     */
    static String reachable(Exchange x, TenantStore tenants) {
        String tenant = x.param("tenant");
        dev.weft.server.access.Principal p = x.principal();
        if (!(p.tenant().equals(tenant) || p.platformAdmin()) || tenants.tenant(tenant).isEmpty()) {
            throw ApiException.notFound("no tenant " + tenant);
        }
        return tenant;
    }

    /** The body as an object with only the known fields. */
    static JsonNode object(Exchange x, Set<String> fields, String shape) {
        JsonNode body = x.jsonBody();
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body.invalid", "the body must be a JSON object: " + shape);
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String field = names.next();
            if (!fields.contains(field)) {
                throw ApiException.badRequest("body.unknown_field",
                        field + ": not a field here; the fields are "
                                + new java.util.TreeSet<>(fields));
            }
        }
        return body;
    }

    /** A tenant's own quotas; a null field is the server's default. */
    private record Quotas(Integer maxActiveExecutions, Long maxStoredBytes) {
    }

    /**
     * The body's {@code quotas} over {@code before}'s: {@code maxActiveExecutions} and {@code maxStoredBytes},
     * whole numbers from 0 (no limit), or null for the server's defaults ({@code limits.*}).
     */
    private static Quotas quotas(JsonNode body, Quotas before) {
        JsonNode quotas = body.get("quotas");
        if (quotas == null || quotas.isNull()) {
            return before;
        }
        if (!quotas.isObject()) {
            throw ApiException.badRequest("tenant.invalid",
                    "quotas: an object such as {\"maxActiveExecutions\": 100,"
                            + " \"maxStoredBytes\": 10737418240}");
        }
        quotas.fieldNames().forEachRemaining(f -> {
            if (!f.equals("maxActiveExecutions") && !f.equals("maxStoredBytes")) {
                throw ApiException.badRequest("tenant.invalid",
                        "quotas." + f + ": not a quota; the quotas are"
                                + " [maxActiveExecutions, maxStoredBytes]");
            }
        });
        Long active = quota(quotas, "maxActiveExecutions", Integer.MAX_VALUE,
                before.maxActiveExecutions() == null ? null : before.maxActiveExecutions().longValue());
        Long bytes = quota(quotas, "maxStoredBytes", Long.MAX_VALUE, before.maxStoredBytes());
        return new Quotas(active == null ? null : active.intValue(), bytes);
    }

    private static Long quota(JsonNode quotas, String field, long max, Long before) {
        if (!quotas.has(field)) {
            return before;
        }
        JsonNode value = quotas.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || value.asLong() < 0 || value.asLong() > max) {
            throw ApiException.badRequest("tenant.invalid", "quotas." + field + ": a whole number from 0 (no"
                    + " limit), or null for the server's default, but was " + value);
        }
        return value.asLong();
    }

    private static String name(JsonNode body, String fallback) {
        JsonNode name = body.get("name");
        if (name == null || name.isNull()) {
            return fallback;
        }
        if (!name.isTextual() || name.asText().isBlank() || name.asText().length() > 200) {
            throw ApiException.badRequest("tenant.invalid", "name: a display name of 1 to 200 characters");
        }
        return name.asText().strip();
    }

    static ObjectNode view(TenantRecord t) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("id", t.id());
        o.put("name", t.name());
        o.put("status", t.status());
        o.put("createdAt", t.createdAt().toString());
        o.put("updatedAt", t.updatedAt().toString());
        ObjectNode quotas = o.putObject("quotas");
        if (t.maxActiveExecutions() == null) {
            quotas.putNull("maxActiveExecutions");
        } else {
            quotas.put("maxActiveExecutions", t.maxActiveExecutions());
        }
        if (t.maxStoredBytes() == null) {
            quotas.putNull("maxStoredBytes");
        } else {
            quotas.put("maxStoredBytes", t.maxStoredBytes());
        }
        return o;
    }
}
