package dev.weft.engine.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where API keys are kept, hashed. Implementations are thread-safe and durable. */
public interface ApiKeyStore {

    /** Stores a new key; fails if its id is taken. */
    void createApiKey(ApiKeyRecord key);

    /** The key with this id, whatever its tenant: the key names its tenant. */
    Optional<ApiKeyRecord> apiKey(String id);

    /** The tenant's keys, oldest first. */
    List<ApiKeyRecord> apiKeys(String tenantId);

    boolean deleteApiKey(String tenantId, String id);

    /** Records that the key authenticated a request at {@code at}; nothing when it no longer exists. */
    void touchApiKey(String id, Instant at);
}
