package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.TenantStore;
import dev.weft.engine.store.UserRecord;
import dev.weft.engine.store.UserStore;
import dev.weft.server.access.Passwords;
import dev.weft.server.access.Principal;
import dev.weft.server.access.Role;
import dev.weft.server.access.Roles;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /api/v1/tenants/{tenant}/users}: a tenant's administrators add local users (who sign in with a
 * password), change their role, namespaces or password, and remove them; single sign-on users appear here
 * after their first sign-in. Another tenant's users answer 404, as if the tenant did not exist. A password
 * is never shown, nor its hash.
 */
public final class UsersApi {
    private static final Set<String> CREATE_FIELDS = Set.of("login", "password", "role", "namespaces",
            "namespaceRoles");
    private static final Set<String> PATCH_FIELDS = Set.of("password", "role", "namespaces",
            "namespaceRoles");
    private static final Pattern LOGIN = Pattern.compile("[^\\s\\p{Cntrl}]{1,200}");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserStore users;
    private final TenantStore tenants;
    private final Passwords passwords;
    private final Roles roles;
    private final Clock clock;

    public UsersApi(UserStore users, TenantStore tenants, Roles roles, Passwords passwords, Clock clock) {
        this.roles = roles;
        this.users = users;
        this.tenants = tenants;
        this.passwords = passwords;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("GET", "/api/v1/tenants/{tenant}/users", this::list),
                Route.api("POST", "/api/v1/tenants/{tenant}/users", this::create),
                Route.api("PATCH", "/api/v1/tenants/{tenant}/users/{id}", this::patch),
                Route.api("DELETE", "/api/v1/tenants/{tenant}/users/{id}", this::delete));
    }

    static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "u" + HexFormat.of().formatHex(bytes);
    }

    private String tenant(Exchange x) {
        return TenantsApi.reachable(x, tenants);
    }

    private void list(Exchange x) {
        String tenant = tenant(x);
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("users");
        users.users(tenant).forEach(u -> items.add(view(u)));
        x.json(200, body);
    }

    private void create(Exchange x) {
        String tenant = tenant(x);
        JsonNode body = TenantsApi.object(x, CREATE_FIELDS, "a user is {\"login\": \"ann@example.com\","
                + " \"password\": \"...\", \"role\": \"viewer\"}, with optional \"namespaces\" (an array) and"
                + " \"namespaceRoles\" (an object: namespace to role)");
        String login = body.path("login").isTextual() ? body.get("login").asText() : null;
        if (login == null || !LOGIN.matcher(login).matches()) {
            throw ApiException.badRequest("user.invalid",
                    "login: 1 to 200 characters without spaces (an e-mail"
                            + " address, say)");
        }
        String role = role(x, body);
        List<String> namespaces = namespaces(x, body);
        Map<String, String> namespaceRoles = namespaceRoles(x, body, namespaces);
        String password = body.path("password").isTextual() ? body.get("password").asText() : null;
        String problem = Passwords.problem(password);
        if (problem != null) {
            throw ApiException.badRequest("user.invalid", problem);
        }
        Instant now = clock.instant();
        UserRecord user = new UserRecord(tenant, newId(), login, passwords.hash(password), null, role,
                namespaces, 0, null, now, null, namespaceRoles);
        AuditDigests.after(AuditDigests.fields("login", login, "role", role, "namespaces", namespaces,
                "namespaceRoles", namespaceRoles));
        if (!users.createUser(user)) {
            throw new ApiException(409, "user.exists", "tenant " + tenant + " has a user with login '" + login
                    + "' already");
        }
        x.json(201, view(user));
    }

    private void patch(Exchange x) {
        String tenant = tenant(x);
        UserRecord before = users.user(tenant, x.param("id"))
                .orElseThrow(
                        () -> ApiException.notFound("no user " + x.param("id") + " in tenant " + tenant));
        holderCheck(x, tenant, before);
        JsonNode body = TenantsApi.object(x, PATCH_FIELDS,
                "a change is {\"role\": ...}, {\"namespaces\": [...]}"
                        + " and/or {\"password\": ...}");
        String role = body.has("role") ? role(x, body) : before.role();
        List<String> namespaces = body.has("namespaces") ? namespaces(x, body) : before.namespaces();
        Map<String, String> namespaceRoles = body.has("namespaceRoles")
                ? namespaceRoles(x, body, namespaces)
                : checked(x, before.namespaceRoles(), namespaces);
        String hash = before.passwordHash();
        if (body.has("password")) {
            if (before.subject() != null) {
                throw ApiException.badRequest("user.invalid",
                        "password: " + before.login() + " signs in through"
                                + " single sign-on, which keeps the password");
            }
            String password = body.get("password").isTextual() ? body.get("password").asText() : null;
            String problem = Passwords.problem(password);
            if (problem != null) {
                throw ApiException.badRequest("user.invalid", problem);
            }
            hash = passwords.hash(password);
        }
        UserRecord after = new UserRecord(tenant, before.id(), before.login(), hash, before.subject(), role,
                namespaces, before.failedLogins(), body.has("password") ? null : before.lockedUntil(),
                before.createdAt(), before.lastLoginAt(), namespaceRoles);
        AuditDigests.before(AuditDigests.fields("login", before.login(), "role", before.role(), "namespaces",
                before.namespaces(), "namespaceRoles", before.namespaceRoles()));
        AuditDigests.after(AuditDigests.fields("login", after.login(), "role", role, "namespaces", namespaces,
                "namespaceRoles", namespaceRoles, "passwordChanged", body.has("password")));
        users.updateUser(after);
        if (body.has("password")) {
            users.recordLogins(tenant, before.id(), 0, null, null);
            // A new password (a compromised account, say) ends the sessions signed in with the old one.
            users.deleteSessions(tenant, before.id());
        }
        x.json(200, view(after));
    }

    private void delete(Exchange x) {
        String tenant = tenant(x);
        UserRecord before = users.user(tenant, x.param("id"))
                .orElseThrow(
                        () -> ApiException.notFound("no user " + x.param("id") + " in tenant " + tenant));
        holderCheck(x, tenant, before);
        AuditDigests.before(AuditDigests.fields("login", before.login(), "role", before.role(), "namespaces",
                before.namespaces(), "namespaceRoles", before.namespaceRoles()));
        users.deleteUser(tenant, before.id());
        x.send(204, null, new byte[0], Map.of());
    }

    /** Refuses (403) a change to a user who can do or reach more than the caller. */
    private void holderCheck(Exchange x, String tenant, UserRecord target) {
        String refusal = roles.refusal(x.principal(), tenant, target.role(), target.namespaces(),
                target.namespaceRoles());
        if (refusal != null) {
            throw new ApiException(403, "forbidden", refusal);
        }
    }

    /** The body's role, which must exist and be no more than the caller's own. */
    private String role(Exchange x, JsonNode body) {
        String role = body.path("role").isTextual() ? body.get("role").asText() : null;
        Role wanted = roles.resolve(x.param("tenant"), role).orElse(null);
        if (wanted == null) {
            throw ApiException.badRequest("user.invalid",
                    "role: one of " + roles.names(x.param("tenant")) + ", but was " + body.get("role"));
        }
        if (role.equals(Role.PLATFORM_ADMIN)
                && !x.param("tenant").equals(dev.weft.engine.store.ExecutionStore.DEFAULT_TENANT)) {
            throw ApiException.badRequest("user.invalid",
                    "role: " + Role.PLATFORM_ADMIN + " exists in the default"
                            + " tenant only");
        }
        if (!x.principal().role().permissions().containsAll(wanted.permissions())) {
            throw new ApiException(403, "forbidden",
                    "role: '" + x.principal().role().name() + "' cannot give role '"
                            + role + "', which grants more");
        }
        return role;
    }

    private static List<String> namespaces(Exchange x, JsonNode body) {
        List<String> out = new ArrayList<>();
        JsonNode scope = body.get("namespaces");
        if (scope != null && !scope.isNull()) {
            if (!scope.isArray()) {
                throw ApiException.badRequest("user.invalid", "namespaces: an array of namespace names");
            }
            for (JsonNode n : scope) {
                if (!n.isTextual() || !NAMESPACE.matcher(n.asText()).matches()) {
                    throw ApiException.badRequest("user.invalid", "namespaces: '" + n.asText() + "' is not a"
                            + " namespace name (lower-case letters, digits, '-' and '_')");
                }
                out.add(n.asText());
            }
        }
        Principal p = x.principal();
        if (!p.namespaces().isEmpty() && (out.isEmpty() || !p.namespaces().containsAll(out))) {
            throw new ApiException(403, "forbidden",
                    "namespaces: this caller reaches " + new java.util.TreeSet<>(
                            p.namespaces())
                            + " only, so the users it manages must be limited to some of them");
        }
        return out;
    }

    /**
     * The body's roles in single namespaces, which must exist, lie within the user's namespaces, and grant
     * no more in each namespace than the caller holds there.
     */
    private Map<String, String> namespaceRoles(Exchange x, JsonNode body, List<String> namespaces) {
        return checked(x, ApiKeysApi.namespaceRoles(body, "user.invalid"), namespaces);
    }

    private Map<String, String> checked(Exchange x, Map<String, String> given, List<String> namespaces) {
        Map<String, String> out;
        try {
            out = roles.checkNamespaceRoles(x.param("tenant"), given, namespaces);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("user.invalid", e.getMessage());
        }
        String refusal = roles.namespaceRolesRefusal(x.principal(), x.param("tenant"), out);
        if (refusal != null) {
            throw new ApiException(403, "forbidden", refusal);
        }
        return out;
    }

    /** A user as the API shows it: never the password or its hash. */
    static ObjectNode view(UserRecord u) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("id", u.id());
        o.put("tenant", u.tenantId());
        o.put("login", u.login());
        o.put("role", u.role());
        ArrayNode namespaces = o.putArray("namespaces");
        u.namespaces().forEach(namespaces::add);
        ObjectNode inNamespaces = o.putObject("namespaceRoles");
        new java.util.TreeMap<>(u.namespaceRoles()).forEach(inNamespaces::put);
        o.put("signIn", u.subject() != null ? "sso" : "password");
        o.put("createdAt", u.createdAt().toString());
        if (u.lastLoginAt() == null) {
            o.putNull("lastLoginAt");
        } else {
            o.put("lastLoginAt", u.lastLoginAt().toString());
        }
        if (u.lockedUntil() == null) {
            o.putNull("lockedUntil");
        } else {
            o.put("lockedUntil", u.lockedUntil().toString());
        }
        return o;
    }
}
