package dev.weft.server.api;

import dev.weft.engine.store.ApiKeyRecord;
import dev.weft.engine.store.ApiKeyStore;
import dev.weft.engine.store.TenantRecord;
import dev.weft.engine.store.TenantStore;
import dev.weft.server.access.Principal;
import dev.weft.server.access.Role;
import dev.weft.server.access.Roles;
import dev.weft.server.http.ApiException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys: creating them (the platform's first one on first start, then through the API and {@code weft
 * keys}), and authenticating {@code Authorization: Bearer <key>}. A key is {@code weft_} and 43 characters
 * of 256 random bits; its row id is derived from its SHA-256, the only thing stored, so a presented key
 * finds its row. Verified keys are remembered for {@link #CACHE} so that a busy API does not read the store
 * on every request; a revoked key is therefore refused by every node within that time. Thread-safe.
 */
public final class ApiKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    /** Where the generated admin key is written, beside the data. */
    public static final String ADMIN_KEY_FILE = "admin-api-key";
    public static final String ADMIN_KEY_ENV = "WEFT_ADMIN_API_KEY";
    public static final String PREFIX = "weft_";
    /** How long a verified key is trusted without reading its row again. */
    public static final Duration CACHE = Duration.ofSeconds(2);
    /** A key's last use is written at most this often. */
    static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);
    static final int MIN_KEY_LENGTH = 20;
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private record Cached(Principal principal, long until) {
    }

    /** A key just created: the record stored and the key itself, which is shown this once. */
    public record Created(ApiKeyRecord record, String key) {
    }

    private final ApiKeyStore store;
    private final TenantStore tenants;
    private final Roles roles;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> verified = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(ApiKeyStore store, TenantStore tenants, Roles roles, Clock clock) {
        this.store = store;
        this.tenants = tenants;
        this.roles = roles;
        this.clock = clock;
    }

    /**
     * On first start (the default tenant has no key) creates the platform administrator's key: {@code
     * WEFT_ADMIN_API_KEY} when set, else a generated one written to {@code <dataDir>/admin-api-key} (mode
     * 0600). Logs where, never the key.
     */
    public void ensureAdminKey(String tenant, Path dataDir, String fromEnv) throws IOException {
        if (!store.apiKeys(tenant).isEmpty()) {
            return;
        }
        String key;
        if (fromEnv != null && !fromEnv.isBlank()) {
            if (fromEnv.length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException(ADMIN_KEY_ENV + " must be at least " + MIN_KEY_LENGTH
                        + " characters long (a long random string), but has " + fromEnv.length());
            }
            key = fromEnv;
            LOG.info("created the admin API key from {}", ADMIN_KEY_ENV);
        } else {
            key = generate();
            Path file = dataDir.resolve(ADMIN_KEY_FILE);
            Files.createDirectories(dataDir);
            writePrivate(file, key + "\n");
            LOG.warn("created an admin API key and wrote it to {} (readable by this user only); use it as"
                    + " 'Authorization: Bearer <key>' and keep it secret", file.toAbsolutePath());
        }
        store.createApiKey(
                new ApiKeyRecord(tenant, idOf(digest(key)), "admin", digest(key), Role.PLATFORM_ADMIN,
                        List.of(), clock.instant(), null, null, "bootstrap"));
    }

    /**
     * Creates a key of {@code tenant} and returns it with the key itself, which is not kept.
     *
     * @param createdBy who asks, for the record ({@code api-key:<id>}, {@code cli})
     * @param namespaceRoles the key's roles in single namespaces, on top of {@code role} (may be empty)
     * @throws IllegalArgumentException naming the field that is wrong: name, role, namespaces,
     *     namespaceRoles, expiresAt
     */
    public Created create(String tenant, String name, String role, List<String> namespaces,
            java.util.Map<String, String> namespaceRoles, Instant expiresAt, String createdBy) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException(
                    "name: give the key a name of 1 to 100 characters that says who"
                            + " or what uses it (\"ci deploy\"), to find it again in the list");
        }
        if (roles.resolve(tenant, role).isEmpty()) {
            throw new IllegalArgumentException("role: '" + role + "' is not a role; the roles are "
                    + roles.names(tenant));
        }
        if (role.equals(Role.PLATFORM_ADMIN)
                && !tenant.equals(dev.weft.engine.store.ExecutionStore.DEFAULT_TENANT)) {
            throw new IllegalArgumentException(
                    "role: " + Role.PLATFORM_ADMIN + " exists in the default tenant"
                            + " only; a tenant's own administrator is 'admin'");
        }
        List<String> scope = new ArrayList<>(new TreeSet<>(namespaces == null ? List.of() : namespaces));
        for (String namespace : scope) {
            if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
                throw new IllegalArgumentException("namespaces: '" + namespace + "' is not a namespace name"
                        + " (lower-case letters, digits, '-' and '_', at most 63)");
            }
        }
        if (!scope.isEmpty() && role.equals(Role.PLATFORM_ADMIN)) {
            throw new IllegalArgumentException("namespaces: a " + Role.PLATFORM_ADMIN + " key reaches every"
                    + " tenant, so it cannot be limited to namespaces");
        }
        java.util.Map<String, String> inNamespaces = roles.checkNamespaceRoles(tenant,
                namespaceRoles == null ? java.util.Map.of() : namespaceRoles, scope);
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("expiresAt: " + expiresAt + " is not in the future");
        }
        String key = generate();
        String digest = digest(key);
        ApiKeyRecord record = new ApiKeyRecord(tenant, idOf(digest), name.strip(), digest, role, scope, now,
                expiresAt, null, createdBy, inNamespaces);
        store.createApiKey(record);
        return new Created(record, key);
    }

    /**
     * The principal an {@code Authorization} header authenticates, or empty.
     *
     * @throws ApiException 403 when the key's tenant is suspended
     */
    public Optional<Principal> authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String key = authorization.substring(7).trim();
        if (key.length() < MIN_KEY_LENGTH) {
            return Optional.empty();
        }
        String digest = digest(key);
        long now = clock.millis();
        Cached hit = verified.get(digest);
        if (hit != null && hit.until() > now) {
            return Optional.of(hit.principal());
        }
        verified.remove(digest);
        Optional<ApiKeyRecord> found = store.apiKey(idOf(digest));
        if (found.isEmpty() || !MessageDigest.isEqual(found.get().hash().getBytes(StandardCharsets.US_ASCII),
                digest.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        ApiKeyRecord row = found.get();
        Instant at = clock.instant();
        Optional<Principal> resolved = principal(row, at, true);
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        touch(row, at);
        Principal principal = resolved.get();
        if (verified.size() > 10_000) {
            verified.clear();
        }
        verified.put(digest, new Cached(principal, now + CACHE.toMillis()));
        return Optional.of(principal);
    }

    /**
     * The principal of the key with this row id, as its session started with it acts ({@code POST
     * /api/v1/auth/login} with {@code apiKey}): empty once the key is revoked or expired, its role gone, or its
     * tenant suspended.
     */
    public Optional<Principal> principalOf(String keyId) {
        Instant at = clock.instant();
        return store.apiKey(keyId).flatMap(row -> {
            Optional<Principal> p = principal(row, at, false);
            // A session started with the key is the key at work: its last use is the session's, as a bearer's.
            p.ifPresent(k -> touch(row, at));
            return p;
        });
    }

    /**
     * The stored row of a presented key, whatever its state (expired, of a suspended tenant), or empty when
     * it is no key of this server; for the audit entry of a refused sign-in.
     */
    public Optional<ApiKeyRecord> recordOf(String key) {
        if (key == null || key.length() < MIN_KEY_LENGTH) {
            return Optional.empty();
        }
        String digest = digest(key);
        return store.apiKey(idOf(digest)).filter(row -> MessageDigest.isEqual(
                row.hash().getBytes(StandardCharsets.US_ASCII), digest.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Records a use, at most once per {@link #LAST_USE_PRECISION}, so a busy key does not write on every read. */
    private void touch(ApiKeyRecord row, Instant at) {
        if (row.lastUsedAt() == null || !at.isBefore(row.lastUsedAt().plus(LAST_USE_PRECISION))) {
            store.touchApiKey(row.id(), at);
        }
    }

    /**
     * The principal of a key's row; empty when it expired or its role is gone.
     *
     * @param refuseSuspended whether a suspended tenant's key is refused with its 403 (else it is empty)
     */
    private Optional<Principal> principal(ApiKeyRecord row, Instant at, boolean refuseSuspended) {
        if (row.expiresAt() != null && !at.isBefore(row.expiresAt())) {
            return Optional.empty();
        }
        Optional<Role> role = roles.resolve(row.tenantId(), row.role());
        if (role.isEmpty()) {
            LOG.warn("API key {} of tenant {} has role '{}', which does not exist; the key is refused",
                    row.id(),
                    row.tenantId(), row.role());
            return Optional.empty();
        }
        TenantRecord tenant = tenants.tenant(row.tenantId()).orElse(null);
        if (tenant == null || !tenant.active()) {
            if (!refuseSuspended) {
                return Optional.empty();
            }
            throw new ApiException(403, "tenant.suspended", "tenant " + row.tenantId() + " is "
                    + (tenant == null ? "deleted" : "suspended") + "; a platform administrator can make it"
                    + " active again (PATCH /api/v1/tenants/" + row.tenantId() + ")");
        }
        return Optional.of(new Principal(row.tenantId(), "api-key:" + row.id(), role.get(),
                java.util.Set.copyOf(row.namespaces()),
                roles.namespaceRoles(row.tenantId(), row.namespaceRoles()),
                null, null));
    }

    String generate() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static String idOf(String digest) {
        return "k" + digest.substring(0, 16);
    }

    /** Writes a file only its owner can read (where the file system has POSIX permissions). */
    public static void writePrivate(Path file, String content) throws IOException {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
