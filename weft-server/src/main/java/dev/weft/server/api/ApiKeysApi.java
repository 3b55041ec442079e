package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.ApiKeyRecord;
import dev.weft.engine.store.ApiKeyStore;
import dev.weft.engine.store.TenantStore;
import dev.weft.server.access.Principal;
import dev.weft.server.access.Role;
import dev.weft.server.access.Roles;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code /api/v1/tenants/{tenant}/api-keys}: a tenant's administrators create, list and revoke its keys; the
 * platform's administrators those of every tenant. Another tenant's keys answer 404 to anyone else, as if
 * the tenant did not exist. A key is shown once, in the answer that creates it.
 */
public final class ApiKeysApi {
    private static final Set<String> FIELDS = Set.of("name", "role", "expiresAt", "namespaces",
            "namespaceRoles");

    private final ApiKeys keys;
    private final ApiKeyStore store;
    private final TenantStore tenants;
    private final Roles roles;

    public ApiKeysApi(ApiKeys keys, ApiKeyStore store, TenantStore tenants, Roles roles) {
        this.roles = roles;
        this.keys = keys;
        this.store = store;
        this.tenants = tenants;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("GET", "/api/v1/tenants/{tenant}/api-keys", this::list),
                Route.api("POST", "/api/v1/tenants/{tenant}/api-keys", this::create),
                Route.api("DELETE", "/api/v1/tenants/{tenant}/api-keys/{id}", this::revoke));
    }

    private String tenant(Exchange x) {
        return TenantsApi.reachable(x, tenants);
    }

    private void list(Exchange x) {
        String tenant = tenant(x);
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("apiKeys");
        store.apiKeys(tenant).forEach(k -> items.add(view(k)));
        x.json(200, body);
    }

    private void create(Exchange x) {
        String tenant = tenant(x);
        JsonNode body = TenantsApi.object(x, FIELDS,
                "a key is {\"name\": \"ci deploy\", \"role\": \"editor\"},"
                        + " with optional \"expiresAt\" (an ISO-8601 instant), \"namespaces\" (an array) and"
                        + " \"namespaceRoles\" (an object: namespace to role)");
        String name = body.path("name").isTextual() ? body.get("name").asText() : null;
        String role = body.path("role").isTextual() ? body.get("role").asText() : null;
        if (role == null) {
            throw ApiException.badRequest("api_key.invalid", "role: give the key a role, one of "
                    + Role.BUILT_IN.stream().map(Role::name).toList());
        }
        Instant expiresAt = null;
        JsonNode expires = body.get("expiresAt");
        if (expires != null && !expires.isNull()) {
            try {
                expiresAt = Instant.parse(expires.asText());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("api_key.invalid", "expiresAt: an ISO-8601 instant such as"
                        + " 2027-01-31T00:00:00Z, but was " + expires);
            }
        }
        List<String> namespaces = new ArrayList<>();
        JsonNode scope = body.get("namespaces");
        if (scope != null && !scope.isNull()) {
            if (!scope.isArray()) {
                throw ApiException.badRequest("api_key.invalid", "namespaces: an array of namespace names");
            }
            scope.forEach(n -> namespaces.add(n.isTextual() ? n.asText() : n.toString()));
        }
        java.util.Map<String, String> namespaceRoles;
        try {
            namespaceRoles = roles.checkNamespaceRoles(tenant, namespaceRoles(body, "api_key.invalid"),
                    namespaces);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("api_key.invalid", e.getMessage());
        }
        grantable(tenant, x.principal(), role, namespaces, namespaceRoles);
        AuditDigests
                .after(AuditDigests.fields("name", name, "role", role, "namespaces", namespaces,
                        "namespaceRoles",
                        namespaceRoles, "expiresAt", expiresAt == null ? null : expiresAt.toString()));
        ApiKeys.Created created;
        try {
            created = keys.create(tenant, name, role, namespaces, namespaceRoles, expiresAt,
                    x.principal().actor());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("api_key.invalid", e.getMessage());
        }
        ObjectNode answer = view(created.record());
        answer.put("key", created.key());
        x.json(201, answer);
    }

    /**
     * Nobody grants more than they have: a role beyond their own, namespaces beyond theirs, or a role in a
     * namespace beyond what they hold there.
     */
    private void grantable(String tenant, Principal granter, String role, List<String> namespaces,
            java.util.Map<String, String> namespaceRoles) {
        Role wanted = roles.resolve(tenant, role).orElse(null);
        if (wanted != null && !granter.role().permissions().containsAll(wanted.permissions())) {
            throw new ApiException(403, "forbidden", "role: this key's role '" + granter.role().name()
                    + "' cannot create a key with role '" + role + "', which grants more");
        }
        if (!granter.namespaces().isEmpty()
                && (namespaces.isEmpty() || !granter.namespaces().containsAll(namespaces))) {
            throw new ApiException(403, "forbidden", "namespaces: this key reaches namespaces "
                    + new java.util.TreeSet<>(granter.namespaces()) + " only, so the keys it creates must be"
                    + " limited to some of them");
        }
        String refusal = roles.namespaceRolesRefusal(granter, tenant, namespaceRoles);
        if (refusal != null) {
            throw new ApiException(403, "forbidden", refusal);
        }
    }

    /** The body's {@code namespaceRoles}: an object from namespace to role name, or nothing. */
    static java.util.Map<String, String> namespaceRoles(JsonNode body, String code) {
        JsonNode given = body.get("namespaceRoles");
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        if (given == null || given.isNull()) {
            return out;
        }
        if (!given.isObject()) {
            throw ApiException.badRequest(code, "namespaceRoles: an object from namespace to role, such as"
                    + " {\"finance\": \"editor\"}, but was " + given.getNodeType().name().toLowerCase());
        }
        for (var field : given.properties()) {
            if (!field.getValue().isTextual()) {
                throw ApiException.badRequest(code,
                        "namespaceRoles." + field.getKey() + ": a role name, but was "
                                + field.getValue());
            }
            out.put(field.getKey(), field.getValue().asText());
        }
        return out;
    }

    private void revoke(Exchange x) {
        String tenant = tenant(x);
        String id = x.param("id");
        ApiKeyRecord key = store.apiKey(id).filter(k -> k.tenantId().equals(tenant))
                .orElseThrow(() -> ApiException.notFound("no API key " + id + " in tenant " + tenant));
        String refusal = roles.refusal(x.principal(), tenant, key.role(), key.namespaces(),
                key.namespaceRoles());
        if (refusal != null) {
            throw new ApiException(403, "forbidden", refusal);
        }
        if (key.role().equals(Role.PLATFORM_ADMIN) && store.apiKeys(tenant).stream()
                .filter(k -> k.role().equals(Role.PLATFORM_ADMIN)).count() == 1) {
            throw new ApiException(409, "api_key.last_platform_admin", "key " + id + " is the last "
                    + Role.PLATFORM_ADMIN + " key; create another first (POST /api/v1/tenants/" + tenant
                    + "/api-keys, or `weft keys create` on the server's store)");
        }
        AuditDigests.before(AuditDigests.fields("name", key.name(), "role", key.role(), "namespaces",
                key.namespaces(), "namespaceRoles", key.namespaceRoles(), "expiresAt",
                key.expiresAt() == null ? null : key.expiresAt().toString()));
        if (!store.deleteApiKey(tenant, id)) {
            throw ApiException.notFound("no API key " + id + " in tenant " + tenant);
        }
        x.send(204, null, new byte[0], java.util.Map.of());
    }

    static ObjectNode view(ApiKeyRecord k) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("id", k.id());
        o.put("tenant", k.tenantId());
        o.put("name", k.name());
        o.put("role", k.role());
        ArrayNode namespaces = o.putArray("namespaces");
        k.namespaces().forEach(namespaces::add);
        ObjectNode inNamespaces = o.putObject("namespaceRoles");
        new java.util.TreeMap<>(k.namespaceRoles()).forEach(inNamespaces::put);
        o.put("createdAt", k.createdAt().toString());
        putInstant(o, "expiresAt", k.expiresAt());
        putInstant(o, "lastUsedAt", k.lastUsedAt());
        if (k.createdBy() == null) {
            o.putNull("createdBy");
        } else {
            o.put("createdBy", k.createdBy());
        }
        return o;
    }

    private static void putInstant(ObjectNode o, String field, Instant value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value.toString());
        }
    }
}
