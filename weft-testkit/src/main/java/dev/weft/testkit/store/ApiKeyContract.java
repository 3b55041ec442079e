package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.store.ApiKeyRecord;
import dev.weft.engine.store.ApiKeyStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** API keys: found by id whatever their tenant, listed and deleted within one. */
interface ApiKeyContract extends StorageUnderTest {

    static ApiKeyRecord key(String tenantId, String id, Instant createdAt) {
        return new ApiKeyRecord(tenantId, id, "deploy bot " + id, Fixtures.sha256("wk_" + id + ".secret"),
                "admin", createdAt, null);
    }

    private ApiKeyStore keys() {
        return storage().apiKeys();
    }

    @Test
    default void aKeyIsFoundByItsIdWhateverItsTenant() {
        ApiKeyRecord expiring = new ApiKeyRecord("acme", "k1", "ci", Fixtures.sha256("wk_k1.secret"), "admin",
                T0,
                T0.plusSeconds(86_400));
        ApiKeyRecord lasting = key("globex", "k2", T0);
        keys().createApiKey(expiring);
        keys().createApiKey(lasting);

        assertThat(keys().apiKey("k1")).contains(expiring);
        assertThat(keys().apiKey("k2")).contains(lasting);
        assertThat(keys().apiKey("k3")).isEmpty();
    }

    @Test
    default void aKeyIdIsUniqueAcrossTenants() {
        ApiKeyRecord first = key("acme", "k1", T0);
        keys().createApiKey(first);

        assertThatThrownBy(() -> keys().createApiKey(key("globex", "k1", T0.plusSeconds(1))))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("k1");
        assertThatThrownBy(() -> keys().createApiKey(key("acme", "k1", T0.plusSeconds(1))))
                .isInstanceOf(RuntimeException.class);
        assertThat(keys().apiKey("k1")).contains(first);
        assertThat(keys().apiKeys("globex")).isEmpty();
    }

    @Test
    default void aTenantsKeysAreListedOldestFirstAndOnlyItsOwn() {
        ApiKeyRecord newest = key("acme", "a", T0.plusSeconds(2));
        ApiKeyRecord oldest = key("acme", "b", T0);
        ApiKeyRecord middle = key("acme", "c", T0.plusSeconds(1));
        keys().createApiKey(newest);
        keys().createApiKey(oldest);
        keys().createApiKey(middle);
        keys().createApiKey(key("globex", "d", T0));

        assertThat(keys().apiKeys("acme")).containsExactly(oldest, middle, newest);
        assertThat(keys().apiKeys("globex")).extracting(ApiKeyRecord::id).containsExactly("d");
        assertThat(keys().apiKeys("initech")).isEmpty();
    }

    @Test
    default void aKeyIsDeletedOnlyThroughItsOwnTenant() {
        keys().createApiKey(key("acme", "k1", T0));

        assertThat(keys().deleteApiKey("globex", "k1")).isFalse();
        assertThat(keys().apiKey("k1")).isPresent();

        assertThat(keys().deleteApiKey("acme", "k1")).isTrue();
        assertThat(keys().apiKey("k1")).isEmpty();
        assertThat(keys().apiKeys("acme")).isEmpty();
        assertThat(keys().deleteApiKey("acme", "k1")).isFalse();
    }

    @Test
    default void aDeletedKeysIdMayBeUsedAgain() {
        keys().createApiKey(key("acme", "k1", T0));
        keys().deleteApiKey("acme", "k1");
        ApiKeyRecord again = key("globex", "k1", T0.plusSeconds(5));

        keys().createApiKey(again);

        assertThat(keys().apiKey("k1")).contains(again);
    }

    @Test
    default void aKeyKeepsItsNamespacesRolesInNamespacesAndCreatorAndRecordsItsLastUse() {
        ApiKeyRecord scoped = new ApiKeyRecord("acme", "k1", "ci", Fixtures.sha256("wk_k1.secret"),
                "operator",
                java.util.List.of("finance", "ops"), T0, null, null, "api-key:k0",
                java.util.Map.of("finance", "editor", "ops", "auditors"));
        keys().createApiKey(scoped);

        assertThat(keys().apiKey("k1")).contains(scoped);

        keys().touchApiKey("k1", T0.plusSeconds(60));
        keys().touchApiKey("gone", T0.plusSeconds(60));

        assertThat(keys().apiKey("k1").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(keys().apiKeys("acme").getFirst().namespaces()).containsExactly("finance", "ops");
        assertThat(keys().apiKeys("acme").getFirst().namespaceRoles())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("finance", "editor", "ops", "auditors"));
    }
}
