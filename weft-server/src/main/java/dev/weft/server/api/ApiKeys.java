package dev.weft.server.api;

import dev.weft.engine.store.ApiKeyRecord;
import dev.weft.engine.store.ApiKeyStore;
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
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API keys: creating the first admin key, and authenticating {@code Authorization: Bearer <key>}. A key's
 * row id is derived from the key's digest, so a presented key finds its row without the key having any
 * format, and only the SHA-256 is stored. Verified keys are remembered for a few seconds so that a busy
 * API does not read the store on every request. Thread-safe.
 */
public final class ApiKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    /** Where the generated admin key is written, beside the data. */
    public static final String ADMIN_KEY_FILE = "admin-api-key";
    public static final String ADMIN_KEY_ENV = "WEFT_ADMIN_API_KEY";
    static final int MIN_KEY_LENGTH = 20;
    private static final long CACHE_MILLIS = 5_000;

    private record Cached(String tenant, long until) {
    }

    private final ApiKeyStore store;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> verified = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    public ApiKeys(ApiKeyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * On first start (the tenant has no key) creates the admin key: {@code WEFT_ADMIN_API_KEY} when set,
     * else a generated one written to {@code <dataDir>/admin-api-key} (mode 0600). Logs where, never the key.
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
        store.createApiKey(new ApiKeyRecord(tenant, idOf(digest(key)), "admin", digest(key), "admin",
                clock.instant(), null));
    }

    /** The tenant an {@code Authorization} header authenticates, or empty. */
    public Optional<String> authenticate(String authorization) {
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
            return Optional.of(hit.tenant());
        }
        Optional<ApiKeyRecord> row = store.apiKey(idOf(digest));
        if (row.isEmpty() || !MessageDigest.isEqual(row.get().hash().getBytes(StandardCharsets.US_ASCII),
                digest.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        Instant expires = row.get().expiresAt();
        if (expires != null && !clock.instant().isBefore(expires)) {
            return Optional.empty();
        }
        if (verified.size() > 10_000) {
            verified.clear();
        }
        verified.put(digest, new Cached(row.get().tenantId(), now + CACHE_MILLIS));
        return Optional.of(row.get().tenantId());
    }

    String generate() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "weft_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
