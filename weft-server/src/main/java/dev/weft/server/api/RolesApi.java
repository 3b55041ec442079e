package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.ApiKeyStore;
import dev.weft.engine.store.RoleRecord;
import dev.weft.engine.store.RoleStore;
import dev.weft.engine.store.UserStore;
import dev.weft.server.access.Permission;
import dev.weft.server.access.Role;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/roles}: the tenant's roles, built-in and its own. A tenant's administrators define roles as
 * sets of permissions (never more than their own, never a platform permission) and give them to keys and
 * users like built-in ones; a role in use is not deleted.
 */
public final class RolesApi {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Set<String> FIELDS = Set.of("permissions", "description");

    private final RoleStore roles;
    private final ApiKeyStore keys;
    private final UserStore users;
    private final Clock clock;

    public RolesApi(RoleStore roles, ApiKeyStore keys, UserStore users, Clock clock) {
        this.roles = roles;
        this.keys = keys;
        this.users = users;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("GET", "/api/v1/roles", this::list),
                Route.api("PUT", "/api/v1/roles/{name}", this::put),
                Route.api("DELETE", "/api/v1/roles/{name}", this::delete));
    }

    private void list(Exchange x) {
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("roles");
        for (Role r : Role.BUILT_IN) {
            if (!r.name().equals(Role.PLATFORM_ADMIN) || x.tenant().equals(
                    dev.weft.engine.store.ExecutionStore.DEFAULT_TENANT)) {
                items.add(view(r.name(), null, r.permissions().stream().map(Permission::wireName).toList(),
                        true));
            }
        }
        for (RoleRecord r : roles.roles(x.tenant())) {
            items.add(view(r.name(), r.description(), r.permissions(), false));
        }
        x.json(200, body);
    }

    private void put(Exchange x) {
        String name = x.param("name");
        if (!NAME.matcher(name).matches() || Role.builtIn(name).isPresent()) {
            throw ApiException.badRequest("role.invalid", "name: a role's name is 1 to 63 lower-case letters,"
                    + " digits, '-' and '_', starting with a letter, and not a built-in role's ("
                    + Role.BUILT_IN.stream().map(Role::name).toList() + "), but was '" + name + "'");
        }
        JsonNode body = TenantsApi.object(x, FIELDS, "a role is {\"permissions\": [\"flows.read\","
                + " \"executions.start\"], \"description\": \"...\"}");
        JsonNode given = body.get("permissions");
        if (given == null || !given.isArray()) {
            throw ApiException.badRequest("role.invalid", "permissions: an array of permission names");
        }
        TreeSet<String> permissions = new TreeSet<>();
        for (JsonNode p : given) {
            Permission permission = Permission.of(p.asText()).orElse(null);
            if (permission == null || permission.reach() == Permission.Reach.PLATFORM) {
                throw ApiException.badRequest("role.invalid", "permissions: '" + p.asText() + "' is not a"
                        + " permission a tenant's role may grant; they are "
                        + Arrays.stream(Permission.values())
                                .filter(q -> q.reach() != Permission.Reach.PLATFORM).map(Permission::wireName)
                                .toList());
            }
            if (!x.principal().role().grants(permission)) {
                throw new ApiException(403, "forbidden", "permissions: role '" + x.principal().role().name()
                        + "' does not grant " + permission + ", so it cannot give it to a role");
            }
            permissions.add(permission.wireName());
        }
        String description = body.path("description").isTextual() ? body.get("description").asText() : null;
        Instant now = clock.instant();
        RoleRecord before = roles.role(x.tenant(), name).orElse(null);
        if (before != null) {
            AuditDigests.before(AuditDigests.fields("name", name, "permissions", before.permissions()));
        }
        AuditDigests.after(AuditDigests.fields("name", name, "permissions", new ArrayList<>(permissions)));
        RoleRecord role = new RoleRecord(x.tenant(), name, description, new ArrayList<>(permissions),
                before == null ? now : before.createdAt(), now);
        boolean created = roles.putRole(role);
        x.json(created ? 201 : 200, view(name, description, role.permissions(), false));
    }

    private void delete(Exchange x) {
        String name = x.param("name");
        RoleRecord role = roles.role(x.tenant(), name)
                .orElseThrow(() -> ApiException.notFound("no role " + name + " of this tenant"));
        long holders = keys.apiKeys(x.tenant()).stream()
                .filter(k -> k.role().equals(name) || k.namespaceRoles().containsValue(name)).count()
                + users.users(x.tenant()).stream()
                        .filter(u -> u.role().equals(name) || u.namespaceRoles().containsValue(name)).count();
        if (holders > 0) {
            throw new ApiException(409, "role.in_use", "role " + name + " is held by " + holders + " keys and"
                    + " users (as their role, or their role in a namespace); give them another role first");
        }
        AuditDigests.before(AuditDigests.fields("name", name, "permissions", role.permissions()));
        roles.deleteRole(x.tenant(), name);
        x.send(204, null, new byte[0], Map.of());
    }

    private static ObjectNode view(String name, String description, List<String> permissions,
            boolean builtIn) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("name", name);
        o.put("builtIn", builtIn);
        if (description == null) {
            o.putNull("description");
        } else {
            o.put("description", description);
        }
        ArrayNode p = o.putArray("permissions");
        permissions.stream().sorted().forEach(p::add);
        return o;
    }
}
