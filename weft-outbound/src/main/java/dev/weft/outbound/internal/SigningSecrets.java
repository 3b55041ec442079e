package dev.weft.outbound.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.Credential;
import dev.weft.engine.store.webhook.WebhookEndpoint;
import dev.weft.vault.Vault;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Endpoints' signing secrets, kept in the vault (sealed by its master key) in the vault tenant
 * {@code $webhooks:<tenant>} under {@code <endpoint id>.v<version>}; revealed secrets are cached by that
 * name, which a rotation changes. Thread-safe.
 */
final class SigningSecrets {
    static final String PREFIX = "whsec_";
    private static final int SECRET_BYTES = 32;
    private static final int MAX_CACHED = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vault vault;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    SigningSecrets(Vault vault) {
        this.vault = vault;
    }

    static String vaultTenant(String tenantId) {
        return "$webhooks:" + tenantId;
    }

    static String name(String endpointId, int version) {
        return endpointId + ".v" + version;
    }

    /** Makes a new secret for version {@code version} of an endpoint's secret, stores it, and returns it. */
    String issue(String tenantId, String endpointId, int version) {
        String secret = random();
        vault.put(vaultTenant(tenantId), name(endpointId, version),
                JsonNodeFactory.instance.objectNode().put("type", "secret").put("value", secret));
        return secret;
    }

    /**
     * As {@link #issue}, only when that version has no secret yet; empty when another caller wrote it
     * first (a rotation racing this one).
     */
    Optional<String> create(String tenantId, String endpointId, int version) {
        String secret = random();
        return vault.create(vaultTenant(tenantId), name(endpointId, version),
                JsonNodeFactory.instance.objectNode().put("type", "secret").put("value", secret))
                .map(info -> secret);
    }

    private static String random() {
        byte[] random = new byte[SECRET_BYTES];
        RANDOM.nextBytes(random);
        return PREFIX + Base64.getEncoder().encodeToString(random);
    }

    /** Deletes one version of an endpoint's secret (a rotation's oldest, or an endpoint's on delete). */
    void delete(String tenantId, String endpointId, int version) {
        vault.delete(vaultTenant(tenantId), name(endpointId, version));
        cache.remove(tenantId + "/" + name(endpointId, version));
    }

    /**
     * The secrets a delivery is signed with now: the current one, and the previous one while a rotation's
     * overlap lasts.
     *
     * @throws IllegalStateException when the current secret is missing from the vault
     */
    List<byte[]> signingKeys(WebhookEndpoint endpoint, Instant now) {
        List<byte[]> keys = new ArrayList<>(2);
        byte[] current = secret(endpoint.tenantId(), endpoint.id(), endpoint.secretVersion());
        if (current == null) {
            throw new IllegalStateException("the signing secret of endpoint " + endpoint.id()
                    + " is missing from the vault; rotate it (POST /api/v1/webhooks/endpoints/"
                    + endpoint.id()
                    + "/rotate-secret)");
        }
        keys.add(current);
        if (endpoint.previousSecretUntil() != null && now.isBefore(endpoint.previousSecretUntil())
                && endpoint.secretVersion() > 1) {
            byte[] previous = secret(endpoint.tenantId(), endpoint.id(), endpoint.secretVersion() - 1);
            if (previous != null) {
                keys.add(previous);
            }
        }
        return keys;
    }

    private byte[] secret(String tenantId, String endpointId, int version) {
        String key = tenantId + "/" + name(endpointId, version);
        byte[] cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] revealed = vault.reveal(vaultTenant(tenantId), name(endpointId, version))
                .filter(c -> c instanceof Credential.Secret)
                .map(c -> ((Credential.Secret) c).value().getBytes(StandardCharsets.US_ASCII))
                .orElse(null);
        if (revealed != null) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear(); // secrets of deleted endpoints and past versions go too
            }
            cache.put(key, revealed);
        }
        return revealed;
    }
}
