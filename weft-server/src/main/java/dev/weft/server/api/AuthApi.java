package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.weft.engine.store.AuditEntry;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.TenantRecord;
import dev.weft.engine.store.TenantStore;
import dev.weft.engine.store.UserRecord;
import dev.weft.engine.store.UserStore;
import dev.weft.server.access.Auditor;
import dev.weft.server.access.Authenticator;
import dev.weft.server.access.OidcLogin;
import dev.weft.server.access.Permission;
import dev.weft.server.access.Principal;
import dev.weft.server.access.Role;
import dev.weft.server.access.Roles;
import dev.weft.server.access.Sessions;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.AuthThrottle;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signing in and out: {@code POST /api/v1/auth/login} with a password, {@code GET /auth/oidc/login} and its
 * callback for single sign-on, {@code POST /api/v1/auth/logout}, and {@code GET /api/v1/auth/session}. A
 * session is a cookie ({@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} over TLS) plus a CSRF token
 * that changes made with the cookie must send back in a header. Every sign-in, good or bad, is audited.
 */
public final class AuthApi {
    private static final Set<String> LOGIN_FIELDS = Set.of("tenant", "login", "password", "apiKey");
    /** The audit action of a key's sign-in (a password's is {@code login}, single sign-on's {@code login.sso}). */
    static final String KEY_LOGIN = "login.api_key";

    private final Sessions sessions;
    private final ApiKeys keys;
    private final UserStore users;
    private final TenantStore tenants;
    private final OidcLogin oidc;
    private final Roles roles;
    private final Auditor auditor;
    private final AuthThrottle throttle;
    private final Clock clock;

    /** @param oidc single sign-on; null when not configured */
    public AuthApi(Sessions sessions, ApiKeys keys, UserStore users, TenantStore tenants, Roles roles,
            OidcLogin oidc,
            Auditor auditor, AuthThrottle throttle, Clock clock) {
        this.roles = roles;
        this.keys = keys;
        this.sessions = sessions;
        this.users = users;
        this.tenants = tenants;
        this.oidc = oidc;
        this.auditor = auditor;
        this.throttle = throttle;
        this.clock = clock;
    }

    public List<Route> routes() {
        return List.of(
                Route.open("POST", "/api/v1/auth/login", this::login),
                Route.api("POST", "/api/v1/auth/logout", this::logout),
                Route.api("GET", "/api/v1/auth/session", this::session),
                Route.open("GET", "/api/v1/auth/methods", this::methods),
                Route.api("POST", "/api/v1/auth/tenant", this::switchTenant),
                Route.open("GET", "/auth/oidc/login", this::ssoStart),
                Route.open("GET", "/auth/oidc/callback", this::ssoCallback));
    }

    private void throttled(Exchange x) {
        long wait = throttle.retryAfterSeconds(x.clientAddress());
        if (wait > 0) {
            x.addHeader("Retry-After", Long.toString(wait));
            throw new ApiException(429, "auth.throttled",
                    "too many sign-ins from this address failed; try again"
                            + " in " + wait + " s");
        }
    }

    private void login(Exchange x) {
        throttled(x);
        if (!"application/json".equals(x.contentType())) {
            // A cross-site form can post text/plain that reads as JSON (login CSRF); it cannot post JSON.
            throw new ApiException(415, "content_type.unsupported", "sign-in takes application/json, but the"
                    + " request says " + x.contentType());
        }
        JsonNode body = TenantsApi.object(x, LOGIN_FIELDS,
                "{\"login\": \"ann@example.com\", \"password\": \"...\","
                        + " \"tenant\": \"default\"} or {\"apiKey\": \"weft_...\"}");
        if (body.has("apiKey")) {
            keyLogin(x, body);
            return;
        }
        String tenant = body.path("tenant").isTextual()
                ? body.get("tenant").asText()
                : ExecutionStore.DEFAULT_TENANT;
        String login = body.path("login").isTextual() ? body.get("login").asText() : null;
        String password = body.path("password").isTextual() ? body.get("password").asText() : null;
        if (login == null || password == null) {
            throw ApiException.badRequest("login.invalid", (login == null ? "login" : "password")
                    + ": give the login and the password as strings");
        }
        java.util.Optional<Sessions.Started> started;
        try {
            started = sessions.login(tenant, login, password);
        } catch (dev.weft.server.access.Passwords.BusyException e) {
            x.addHeader("Retry-After", "5");
            throw new ApiException(503, "login.busy", e.getMessage());
        }
        if (started.isEmpty()) {
            throttle.failed(x.clientAddress());
            boolean locked = tenants.tenant(tenant).isPresent() && sessions.locked(tenant, login);
            audit(x, tenants.tenant(tenant).isPresent() ? tenant : ExecutionStore.DEFAULT_TENANT,
                    "login:" + login, locked ? "login.locked" : "login", AuditEntry.FAILURE, 401);
            throw new ApiException(401, "login.failed",
                    "the tenant, login or password is wrong, or the account is"
                            + " locked for " + Sessions.LOCK.toMinutes() + " minutes after "
                            + Sessions.MAX_FAILURES
                            + " failed sign-ins");
        }
        audit(x, tenant, "user:" + started.get().user().id(), "login", AuditEntry.SUCCESS, 200);
        signedIn(x, started.get());
        x.json(200, sessionView(tenant, started.get().user(), started.get().csrfToken(),
                started.get().expiresAt()));
    }

    /**
     * Signs in with an API key, checked as a bearer key is: the session acts as the key (its tenant, role and
     * namespaces) until it expires or the key is revoked, and the browser never keeps the key.
     */
    private void keyLogin(Exchange x, JsonNode body) {
        if (body.has("login") || body.has("password")) {
            throw ApiException.badRequest("login.invalid",
                    "give either login and password, or apiKey, not both");
        }
        String key = body.get("apiKey").isTextual() ? body.get("apiKey").asText() : null;
        if (key == null || key.isBlank()) {
            throw ApiException.badRequest("login.invalid", "apiKey: give the API key as a string (weft_...)");
        }
        String tenant = body.path("tenant").isTextual() ? body.get("tenant").asText() : null;
        java.util.Optional<Principal> principal;
        try {
            principal = keys.authenticate("Bearer " + key);
        } catch (ApiException e) {
            // The key's tenant is suspended: the attempt belongs to that tenant's log, the key as the actor.
            var row = keys.recordOf(key);
            audit(x, row.map(r -> r.tenantId()).orElse(ExecutionStore.DEFAULT_TENANT),
                    row.map(r -> "api-key:" + r.id()).orElse("anonymous"), KEY_LOGIN, AuditEntry.FAILURE,
                    e.status());
            throw e;
        }
        if (principal.isEmpty() || tenant != null && !tenant.equals(principal.get().tenant())) {
            throttle.failed(x.clientAddress());
            audit(x, ExecutionStore.DEFAULT_TENANT, "anonymous", KEY_LOGIN, AuditEntry.FAILURE, 401);
            throw new ApiException(401, "login.failed", "the API key is not valid (unknown, revoked or"
                    + " expired)" + (tenant == null ? "" : ", or is not a key of tenant " + tenant));
        }
        Principal p = principal.get();
        Sessions.Started started = sessions.startForKey(p);
        audit(x, p.tenant(), p.actor(), KEY_LOGIN, AuditEntry.SUCCESS, 200);
        signedIn(x, started);
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("tenant", p.tenant());
        o.put("actor", p.actor());
        o.put("role", p.role().name());
        o.put("csrfToken", started.csrfToken());
        o.put("expiresAt", started.expiresAt().toString());
        x.json(200, o);
    }

    private void audit(Exchange x, String tenant, String actor, String action, String outcome, int status) {
        auditor.append(new AuditEntry(tenant, clock.instant(), actor, action, x.path(), outcome, status,
                x.clientAddress(), x.header("User-Agent"), null, null));
    }

    /**
     * Sets the session and CSRF cookies. A session this browser already had ends: a sign-in replaces it, so
     * that signing in as another user or key leaves no session of the first behind, still valid.
     */
    private void signedIn(Exchange x, Sessions.Started started) {
        String previous = Authenticator.cookie(x.header("Cookie"), Sessions.COOKIE);
        if (previous != null && !previous.equals(started.token())) {
            sessions.endToken(previous);
        }
        setCookies(x, started);
    }

    private void setCookies(Exchange x, Sessions.Started started) {
        long seconds = Math.max(1, Duration.between(clock.instant(), started.expiresAt()).toSeconds());
        String secure = x.secure() ? "; Secure" : "";
        x.addHeader("Set-Cookie",
                Sessions.COOKIE + "=" + started.token() + "; Path=/; HttpOnly; SameSite=Lax;"
                        + " Max-Age=" + seconds + secure);
        // Readable by the page's script (not HttpOnly): it sends it back in the CSRF header.
        x.addHeader("Set-Cookie", Sessions.CSRF_COOKIE + "=" + started.csrfToken() + "; Path=/; SameSite=Lax;"
                + " Max-Age=" + seconds + secure);
    }

    private static ObjectNode sessionView(String tenant, UserRecord user, String csrfToken,
            Instant expiresAt) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("tenant", tenant);
        o.set("user", UsersApi.view(user));
        if (csrfToken != null) {
            o.put("csrfToken", csrfToken);
        }
        if (expiresAt != null) {
            o.put("expiresAt", expiresAt.toString());
        }
        return o;
    }

    /**
     * How one may sign in here, for the sign-in page before anyone is signed in: a password and an API key
     * always, single sign-on when {@code auth.oidc} is configured. Says nothing more about the provider.
     */
    private void methods(Exchange x) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("password", true);
        o.put("apiKey", true);
        o.put("oidc", oidc != null);
        if (oidc != null) {
            o.put("oidcLoginPath", "/auth/oidc/login");
        }
        x.json(200, o);
    }

    /**
     * A platform administrator's session moves to another tenant, acting there as its {@code admin} (as itself
     * back in its own tenant): a new session, the one it came from kept, so that it lasts no longer than that
     * one and ends with it. Audited in both tenants' logs.
     */
    private void switchTenant(Exchange x) {
        Principal p = x.principal();
        if (p.session() == null) {
            throw ApiException.badRequest("switch.no_session",
                    "an API key acts in its own tenant only: sign in"
                            + " with it (POST /api/v1/auth/login) and switch the session, or create a key in the other"
                            + " tenant");
        }
        JsonNode body = TenantsApi.object(x, Set.of("tenant"), "{\"tenant\": \"beta\"}");
        String tenant = body.path("tenant").isTextual() ? body.get("tenant").asText().strip() : "";
        if (tenant.isEmpty()) {
            throw ApiException.badRequest("switch.invalid",
                    "tenant: give the id of the tenant to act in, such"
                            + " as \"beta\"");
        }
        Principal origin = sessions.switcher(p.session()).orElseThrow(() -> new ApiException(403,
                "switch.forbidden", "only a platform administrator's session switches tenants; to work in"
                        + " another tenant, sign in there"));
        TenantRecord target = tenants.tenant(tenant)
                .orElseThrow(() -> ApiException.notFound("no tenant " + tenant));
        if (!target.active()) {
            throw new ApiException(403, "tenant.suspended",
                    "tenant " + tenant + " is suspended; make it active"
                            + " again first (PATCH /api/v1/tenants/" + tenant + ")");
        }
        Sessions.Started started = sessions.switchTo(p.session(), tenant)
                .orElseThrow(() -> new ApiException(403,
                        "switch.forbidden", "only a platform administrator's session switches tenants"));
        audit(x, tenant, origin.actor(), "login.tenant", AuditEntry.SUCCESS, 200);
        setCookies(x, started);
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("tenant", tenant);
        o.put("actor", origin.actor());
        o.put("role", tenant.equals(origin.tenant()) ? origin.role().name() : Role.ADMIN.name());
        o.put("csrfToken", started.csrfToken());
        o.put("expiresAt", started.expiresAt().toString());
        x.json(200, o);
    }

    private void logout(Exchange x) {
        Principal p = x.principal();
        if (p.session() == null) {
            throw ApiException.badRequest("logout.no_session",
                    "this request was made with an API key, which is"
                            + " revoked (DELETE /api/v1/tenants/{tenant}/api-keys/{id}), not signed out");
        }
        sessions.signOut(p.session());
        String secure = x.secure() ? "; Secure" : "";
        x.addHeader("Set-Cookie", Sessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + secure);
        x.addHeader("Set-Cookie", Sessions.CSRF_COOKIE + "=; Path=/; SameSite=Lax; Max-Age=0" + secure);
        x.send(204, null, new byte[0], Map.of());
    }

    private void session(Exchange x) {
        Principal p = x.principal();
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("tenant", p.tenant());
        o.put("actor", p.actor());
        o.put("role", p.role().name());
        o.putArray("namespaces").addAll(p.namespaces().stream().sorted()
                .map(n -> (JsonNode) Exchange.JSON.getNodeFactory().textNode(n)).toList());
        ObjectNode inNamespaces = o.putObject("namespaceRoles");
        new java.util.TreeMap<>(p.namespaceRoles())
                .forEach((namespace, r) -> inNamespaces.put(namespace, r.name()));
        if (p.actor().startsWith("user:")) {
            users.user(p.tenant(), p.actor().substring("user:".length()))
                    .ifPresent(u -> o.put("login", u.login()));
        }
        o.put("kind", p.actor().startsWith("user:") ? "user" : "api-key");
        permissions(p, o);
        if (p.session() != null) {
            boolean switcher = sessions.switcher(p.session()).isPresent();
            o.put("switchTenants", switcher);
            if (switcher) {
                var list = o.putArray("tenants");
                tenants.tenants().forEach(t -> list.addObject().put("id", t.id()).put("name", t.name())
                        .put("status", t.status()));
            }
            // The page's script lost its in-memory token on a reload: the CSRF cookie this request carried, when
            // it is the session's, is given back (only a page of this origin can read this answer).
            String csrf = Authenticator.cookie(x.header("Cookie"), Sessions.CSRF_COOKIE);
            if (Sessions.csrfMatches(p, csrf) && sameOrigin(x)) {
                o.put("csrfToken", csrf);
            }
        }
        x.json(200, o);
    }

    /**
     * Whether the request comes from a page of this server: no {@code Origin} (a browser sends none with a
     * same-origin GET) or one naming the host it was sent to. A page of another origin that CORS lets read
     * answers with credentials must not get the session's CSRF token, or it could act with the session.
     */
    private static boolean sameOrigin(Exchange x) {
        String origin = x.header("Origin");
        if (origin == null) {
            return true;
        }
        String host = x.header("Host");
        try {
            java.net.URI o = java.net.URI.create(origin);
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return host != null && authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * {@code permissions}: what the caller may do wherever it reaches (its role's, less what reaches the whole
     * tenant when it is limited to namespaces); {@code
     * namespacePermissions}: for each namespace where a role of its own adds to that, everything it may do
     * there.
     */
    private static void permissions(Principal p, ObjectNode o) {
        var names = Exchange.JSON.getNodeFactory();
        // A caller limited to namespaces is refused whatever reaches the whole tenant (HttpFront): not listed.
        o.putArray("permissions").addAll(p.role().permissions().stream()
                .filter(perm -> p.namespaces().isEmpty() || perm.reach() == Permission.Reach.NAMESPACE)
                .map(Permission::wireName).sorted().map(n -> (JsonNode) names.textNode(n)).toList());
        ObjectNode inNamespaces = o.putObject("namespacePermissions");
        new java.util.TreeSet<>(p.namespaceRoles().keySet()).forEach(namespace -> {
            Set<Permission> there = p.permissionsIn(namespace);
            if (!there.isEmpty() && !there.equals(p.role().permissions())) {
                inNamespaces.putArray(namespace).addAll(there.stream().map(Permission::wireName).sorted()
                        .map(n -> (JsonNode) names.textNode(n)).toList());
            }
        });
    }

    private OidcLogin sso() {
        if (oidc == null) {
            throw ApiException.notFound("single sign-on is not configured (auth.oidc.issuer)");
        }
        return oidc;
    }

    private void ssoStart(Exchange x) {
        OidcLogin.Redirect redirect;
        try {
            redirect = sso().start(x.queryParam("redirect"));
        } catch (OidcLogin.LoginException e) {
            throw new ApiException(502, "sso.unavailable", e.getMessage());
        }
        x.addHeader("Set-Cookie", OidcLogin.COOKIE + "=" + redirect.cookie() + "; Path=/auth/oidc; HttpOnly;"
                + " SameSite=Lax; Max-Age=600" + (x.secure() ? "; Secure" : ""));
        x.send(302, null, new byte[0], Map.of("Location", redirect.location()));
    }

    private void ssoCallback(Exchange x) {
        throttled(x);
        OidcLogin login = sso();
        String error = x.queryParam("error");
        OidcLogin.Completed done;
        try {
            if (error != null) {
                throw new OidcLogin.LoginException("the identity provider refused the sign-in: " + error);
            }
            done = login.complete(x.queryParam("code"), x.queryParam("state"),
                    Authenticator.cookie(x.header("Cookie"), OidcLogin.COOKIE));
        } catch (OidcLogin.LoginException e) {
            throttle.failed(x.clientAddress());
            audit(x, ExecutionStore.DEFAULT_TENANT, "sso", "login.sso", AuditEntry.FAILURE, 401);
            throw new ApiException(401, "sso.failed", e.getMessage());
        }
        UserRecord user;
        try {
            user = ssoUser(login, done.claims());
        } catch (ApiException e) {
            audit(x, ExecutionStore.DEFAULT_TENANT, "sso:" + done.claims().getSubject(), "login.sso",
                    AuditEntry.FAILURE, e.status());
            throw e;
        }
        Sessions.Started started = sessions.start(user);
        audit(x, user.tenantId(), "user:" + user.id(), "login.sso", AuditEntry.SUCCESS, 302);
        signedIn(x, started);
        x.addHeader("Set-Cookie", OidcLogin.COOKIE + "=; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0");
        x.send(302, null, new byte[0], Map.of("Location", done.landing()));
    }

    /**
     * The user the ID token's claims make: its tenant and role from the configured claims (or the defaults),
     * created on first sign-in and brought up to date on each.
     */
    private UserRecord ssoUser(OidcLogin login, JWTClaimsSet claims) {
        var config = login.config();
        String tenant = OidcLogin.claim(claims, config.tenantClaim());
        tenant = tenant != null ? tenant : config.defaultTenant();
        String role = OidcLogin.claim(claims, config.roleClaim());
        role = role != null ? role : config.defaultRole();
        if (tenant == null || tenants.tenant(tenant).filter(TenantRecord::active).isEmpty()) {
            throw new ApiException(403, "sso.no_tenant", "the identity provider's token names "
                    + (tenant == null
                            ? "no tenant (claim " + config.tenantClaim() + ", or auth.oidc.defaultTenant)"
                            : "tenant '" + tenant + "', which is not an active tenant here"));
        }
        if (role == null || roles.resolve(tenant, role).isEmpty()
                || role.equals(Role.PLATFORM_ADMIN) && !tenant.equals(ExecutionStore.DEFAULT_TENANT)) {
            throw new ApiException(403, "sso.no_role", "the identity provider's token names "
                    + (role == null
                            ? "no role (claim " + config.roleClaim() + ", or auth.oidc.defaultRole)"
                            : "role '" + role + "', which is not a role of tenant " + tenant + " ("
                                    + roles.names(tenant) + ")"));
        }
        String subject = claims.getIssuer() + "|" + claims.getSubject();
        String shown = OidcLogin.claim(claims, config.loginClaim());
        String name = shown != null ? shown : claims.getSubject();
        Instant now = clock.instant();
        var existing = users.userBySubject(subject);
        if (existing.isPresent() && existing.get().tenantId().equals(tenant)) {
            UserRecord u = existing.get();
            // Role from the claims; the namespaces an administrator limited the user to, and the roles they
            // gave it in single namespaces, stay.
            UserRecord updated = new UserRecord(u.tenantId(), u.id(), u.login(), null, subject, role,
                    u.namespaces(), 0, null, u.createdAt(), now, u.namespaceRoles());
            users.updateUser(updated);
            users.recordLogins(tenant, u.id(), 0, null, now);
            return updated;
        }
        // First sign-in, or the claims moved the user to another tenant: a user of that tenant from now on.
        existing.ifPresent(u -> users.deleteUser(u.tenantId(), u.id()));
        UserRecord created = new UserRecord(tenant, UsersApi.newId(), name, null, subject, role,
                new ArrayList<>(),
                0, null, now, now);
        if (!users.createUser(created)) {
            throw new ApiException(409, "sso.login_taken", "tenant " + tenant + " has a user with login '"
                    + name
                    + "' already; remove it, or set auth.oidc.loginClaim to a claim that tells users apart");
        }
        return created;
    }
}
