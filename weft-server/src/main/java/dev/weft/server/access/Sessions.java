package dev.weft.server.access;

import dev.weft.engine.store.SessionRecord;
import dev.weft.engine.store.TenantRecord;
import dev.weft.engine.store.TenantStore;
import dev.weft.engine.store.UserRecord;
import dev.weft.engine.store.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in users' sessions: sign-in with a password (locked for {@link #LOCK} after {@link #MAX_FAILURES}
 * failures in a row), or after single sign-on; the session cookie's token and the CSRF token are 256-bit
 * random strings of which only SHA-256 digests are stored. A session is trusted for {@link #CACHE} without
 * reading its row again, so a sign-out or a deleted user ends it on every node within that time. A platform
 * administrator's session may be switched to another tenant: the new row names its parent session and lives
 * no longer than it (docs/design/ui-tenants.md). Thread-safe.
 */
public final class Sessions implements AutoCloseable {
    public static final String COOKIE = "weft_session";
    public static final String CSRF_COOKIE = "weft_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** A session started with an API key names the key, not a user: {@code api-key:<id>}. */
    static final String KEY_PREFIX = "api-key:";
    /**
     * A session a platform administrator switched to another tenant names the session it came from, {@code
     * as:<parent id>}: it is valid only while that one is, and acts as the administrator there.
     */
    static final String SWITCHED_PREFIX = "as:";
    public static final int MAX_FAILURES = 5;
    public static final Duration LOCK = Duration.ofMinutes(15);
    static final Duration CACHE = Duration.ofSeconds(2);
    /** How often ended sessions' rows are deleted. */
    static final Duration SWEEP = Duration.ofMinutes(10);

    /**
     * A session just started: the tokens the browser keeps, shown this once.
     *
     * @param user its user; null for a session started with an API key
     */
    public record Started(String token, String csrfToken, UserRecord user, Instant expiresAt) {
    }

    private record Cached(Principal principal, long until) {
    }

    private final UserStore users;
    private final TenantStore tenants;
    private final Roles roles;
    private final Passwords passwords;
    private final Clock clock;
    private final Duration ttl;
    /** The principal of an API key by its row id, for sessions started with a key; empty once it is not valid. */
    private final java.util.function.Function<String, Optional<Principal>> keys;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Cached> verified = new ConcurrentHashMap<>();
    private volatile Thread sweeper;

    /** @param keys the principal of an API key by its row id (sessions started with a key act as it) */
    public Sessions(UserStore users, TenantStore tenants, Roles roles, Passwords passwords, Clock clock,
            Duration ttl, java.util.function.Function<String, Optional<Principal>> keys) {
        this.keys = keys;
        this.users = users;
        this.tenants = tenants;
        this.roles = roles;
        this.passwords = passwords;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * Signs in with a password; empty when the tenant, login or password is wrong, or the user is locked
     * (the same answer, and about the same time, in every case). A wrong password counts toward the lock.
     */
    public Optional<Started> login(String tenant, String login, String password) {
        Optional<UserRecord> found = tenants.tenant(tenant).filter(TenantRecord::active)
                .flatMap(t -> users.userByLogin(tenant, login));
        Instant now = clock.instant();
        if (found.isEmpty() || found.get().passwordHash() == null) {
            passwords.waste(password);
            return Optional.empty();
        }
        UserRecord user = found.get();
        boolean locked = user.lockedUntil() != null && now.isBefore(user.lockedUntil());
        boolean matches = passwords.matches(password, user.passwordHash());
        if (locked || !matches) {
            if (!locked && users.countFailedLogin(tenant, user.id()) >= MAX_FAILURES) {
                // Counted in one statement, so that guesses sent at once cannot share one count.
                users.recordLogins(tenant, user.id(), 0, now.plus(LOCK), null);
            }
            return Optional.empty();
        }
        users.recordLogins(tenant, user.id(), 0, null, now);
        return Optional.of(start(user));
    }

    /** Whether the user is locked now (for the audit entry of a failed sign-in). */
    public boolean locked(String tenant, String login) {
        return users.userByLogin(tenant, login).map(u -> u.lockedUntil() != null
                && clock.instant().isBefore(u.lockedUntil())).orElse(false);
    }

    /** Starts a session for a user who has proved who they are (a password, or single sign-on). */
    public Started start(UserRecord user) {
        String token = token();
        String csrf = token();
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        users.createSession(new SessionRecord(digest(token), user.tenantId(), user.id(), digest(csrf), now,
                expires));
        return new Started(token, csrf, user, expires);
    }

    /**
     * Starts a session that acts as an API key's principal (its tenant, role and namespaces), for a browser
     * that signed in with the key: the browser keeps the cookie, never the key. It ends when the key is revoked
     * or expires, as the key's own requests do.
     *
     * @param key the principal the key authenticated ({@code api-key:<id>})
     */
    public Started startForKey(Principal key) {
        if (!key.actor().startsWith(KEY_PREFIX) || key.session() != null) {
            throw new IllegalArgumentException("a key's session starts from the key's own principal, not "
                    + key.actor());
        }
        String token = token();
        String csrf = token();
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        users.createSession(new SessionRecord(digest(token), key.tenant(), key.actor(), digest(csrf), now,
                expires));
        return new Started(token, csrf, null, expires);
    }

    /** The principal of a session token, or empty when the session is unknown, over, or its user gone. */
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.length() < 40) {
            return Optional.empty();
        }
        String id = digest(token);
        long now = clock.millis();
        Cached hit = verified.get(id);
        if (hit != null && hit.until() > now) {
            return Optional.of(hit.principal());
        }
        verified.remove(id);
        Optional<SessionRecord> session = users.session(id);
        if (session.isEmpty() || !clock.instant().isBefore(session.get().expiresAt())) {
            return Optional.empty();
        }
        SessionRecord s = session.get();
        Optional<Principal> principal;
        if (s.userId().startsWith(SWITCHED_PREFIX)) {
            principal = parent(s).flatMap(origin -> switched(origin, s));
        } else {
            principal = principalOf(s);
        }
        principal.ifPresent(p -> remember(id, p, now));
        return principal;
    }

    /** The principal of an ordinary session row (a user's or a key's), with the row's id and CSRF digest. */
    private Optional<Principal> principalOf(SessionRecord s) {
        if (s.userId().startsWith(KEY_PREFIX)) {
            Optional<Principal> key = keys.apply(s.userId().substring(KEY_PREFIX.length()))
                    .filter(k -> k.tenant().equals(s.tenantId()));
            if (key.isEmpty()) {
                return Optional.empty();
            }
            Principal k = key.get();
            return Optional.of(new Principal(k.tenant(), k.actor(), k.role(), k.namespaces(),
                    k.namespaceRoles(), s.id(), s.csrfHash()));
        }
        Optional<UserRecord> user = users.user(s.tenantId(), s.userId());
        Optional<Role> role = user.flatMap(u -> roles.resolve(s.tenantId(), u.role()));
        if (role.isEmpty() || tenants.tenant(s.tenantId()).filter(TenantRecord::active).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Principal(s.tenantId(), "user:" + s.userId(), role.get(),
                Set.copyOf(user.get().namespaces()),
                roles.namespaceRoles(s.tenantId(), user.get().namespaceRoles()),
                s.id(), s.csrfHash()));
    }

    /**
     * The platform administrator a switched session came from: its parent session's principal, while that
     * session lasts and still administers the platform.
     */
    private Optional<Principal> parent(SessionRecord switched) {
        String parentId = switched.userId().substring(SWITCHED_PREFIX.length());
        return users.session(parentId)
                .filter(p -> !p.userId().startsWith(SWITCHED_PREFIX)
                        && clock.instant().isBefore(p.expiresAt()))
                .flatMap(this::principalOf)
                .filter(Principal::platformAdmin);
    }

    /** A switched session's principal: the administrator itself in its own tenant, else the tenant's admin. */
    private Optional<Principal> switched(Principal origin, SessionRecord s) {
        if (s.tenantId().equals(origin.tenant())) {
            return Optional
                    .of(new Principal(origin.tenant(), origin.actor(), origin.role(), origin.namespaces(),
                            origin.namespaceRoles(), s.id(), s.csrfHash()));
        }
        if (tenants.tenant(s.tenantId()).filter(TenantRecord::active).isEmpty()) {
            return Optional.empty();
        }
        return roles.resolve(s.tenantId(), Role.ADMIN.name()).map(admin -> new Principal(s.tenantId(),
                origin.actor(), admin, Set.of(), java.util.Map.of(), s.id(), s.csrfHash()));
    }

    /**
     * The platform administrator this session acts for when it may switch tenants (its own, or the one it was
     * switched from); empty for everyone else.
     */
    public Optional<Principal> switcher(String sessionId) {
        return users.session(sessionId).flatMap(s -> s.userId().startsWith(SWITCHED_PREFIX)
                ? parent(s)
                : principalOf(s).filter(Principal::platformAdmin));
    }

    /**
     * Starts a session of a platform administrator in {@code tenant} (as that tenant's {@code admin}; as itself
     * in its own tenant), replacing {@code current}. It lasts while the session it came from does, and ends
     * with it.
     *
     * @return empty when {@code current} is not a platform administrator's session
     */
    public Optional<Started> switchTo(String current, String tenant) {
        Optional<SessionRecord> row = users.session(current);
        if (row.isEmpty() || switcher(current).isEmpty()) {
            return Optional.empty();
        }
        String parentId = row.get().userId().startsWith(SWITCHED_PREFIX)
                ? row.get().userId().substring(SWITCHED_PREFIX.length())
                : current;
        Optional<SessionRecord> found = users.session(parentId);
        if (found.isEmpty()) {
            return Optional.empty(); // signed out meanwhile
        }
        SessionRecord parent = found.get();
        String token = token();
        String csrf = token();
        users.createSession(new SessionRecord(digest(token), tenant, SWITCHED_PREFIX + parentId, digest(csrf),
                clock.instant(), parent.expiresAt()));
        if (!current.equals(parentId)) {
            end(current);
        }
        return Optional.of(new Started(token, csrf, null, parent.expiresAt()));
    }

    private void remember(String id, Principal principal, long now) {
        if (verified.size() > 10_000) {
            verified.clear();
        }
        verified.put(id, new Cached(principal, now + CACHE.toMillis()));
    }

    /** Ends the session with this id (its token's digest). */
    public void end(String id) {
        verified.remove(id);
        users.deleteSession(id);
    }

    /** Signs out: ends the session, and for a switched one the session it came from too. */
    public void signOut(String id) {
        users.session(id).filter(s -> s.userId().startsWith(SWITCHED_PREFIX))
                .ifPresent(s -> end(s.userId().substring(SWITCHED_PREFIX.length())));
        end(id);
    }

    /**
     * Ends the session of this cookie token, if there is one (a sign-in replacing the browser's session), and
     * for a switched one the session it came from.
     */
    public void endToken(String token) {
        if (token != null && token.length() >= 40) {
            signOut(digest(token));
        }
    }

    /** Starts deleting the rows of sessions that have ended, every {@link #SWEEP}. */
    public Sessions start() {
        sweeper = Thread.ofVirtual().name("weft-session-sweeper").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(SWEEP);
                    users.deleteExpiredSessions(clock.instant());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(Sessions.class).warn(
                            "could not delete ended sessions: {}",
                            e.getMessage());
                }
            }
        });
        return this;
    }

    @Override
    public void close() {
        Thread t = sweeper;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Whether {@code csrfToken} is the session's. */
    public static boolean csrfMatches(Principal principal, String csrfToken) {
        return csrfToken != null && principal.csrfHash() != null && MessageDigest.isEqual(
                digest(csrfToken).getBytes(StandardCharsets.US_ASCII),
                principal.csrfHash().getBytes(StandardCharsets.US_ASCII));
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
