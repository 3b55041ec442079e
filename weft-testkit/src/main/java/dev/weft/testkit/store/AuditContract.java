package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.engine.store.AuditChain;
import dev.weft.engine.store.AuditEntry;
import dev.weft.engine.store.AuditQuery;
import dev.weft.engine.store.AuditRecord;
import dev.weft.engine.store.AuditScope;
import dev.weft.engine.store.TenantRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit log: per-tenant hash chains, pages newest first, and entries committed with their change. */
interface AuditContract extends StorageUnderTest {

    static AuditEntry entry(String tenant, String action, int second) {
        return new AuditEntry(tenant, T0.plusSeconds(second), "api-key:k1", action, "/api/v1/flows/ops/f",
                AuditEntry.SUCCESS, 201, "127.0.0.1", "curl/8", null, "ab12");
    }

    @Test
    default void eachTenantsEntriesFormAChain() {
        AuditRecord first = storage().audit().append(entry("acme", "deployFlow", 1));
        AuditRecord other = storage().audit().append(entry("globex", "deployFlow", 2));
        AuditRecord second = storage().audit().append(entry("acme", "deleteFlow", 3));

        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.previous()).isEqualTo(AuditChain.GENESIS);
        assertThat(first.hash()).isEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, first.entry()));
        assertThat(other.seq()).isEqualTo(1);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.previous()).isEqualTo(first.hash());

        assertThat(storage().audit().chain("acme", 0, 10)).containsExactly(first, second);
        assertThat(storage().audit().chain("acme", 1, 10)).containsExactly(second);
        assertThat(storage().audit().heads()).containsEntry("acme",
                new dev.weft.engine.store.AuditStore.Head(2,
                        second.hash()));
    }

    @Test
    default void entriesAreListedNewestFirstByFilterAndPage() {
        storage().audit().append(entry("acme", "deployFlow", 1));
        storage().audit().append(entry("acme", "deleteFlow", 2));
        storage().audit().append(entry("acme", "deployFlow", 3));

        List<AuditRecord> deploys = storage().audit()
                .entries(new AuditQuery("acme", null, "deployFlow", null, null,
                        null, null, 10));
        assertThat(deploys).extracting(AuditRecord::seq).containsExactly(3L, 1L);
        assertThat(storage().audit().entries(new AuditQuery("acme", null, null, null, null, null, 3L, 1)))
                .extracting(AuditRecord::seq).containsExactly(2L);
        assertThat(storage().audit().entries(new AuditQuery("acme", null, null, null, T0.plusSeconds(2),
                T0.plusSeconds(3), null, 10))).extracting(AuditRecord::seq).containsExactly(2L);
        assertThat(
                storage().audit().entries(new AuditQuery("globex", null, null, null, null, null, null, 10)))
                .isEmpty();
    }

    @Test
    default void aChangesEntryIsCommittedWithTheChangeOrNotAtAll() {
        AuditEntry created = entry("acme", "createTenant", 1);
        try (AuditScope scope = AuditScope.open(created)) {
            storage().tenants().createTenant(new TenantRecord("acme", "Acme", TenantRecord.ACTIVE, T0, T0));
            assertThat(scope.written()).isTrue();
            storage().tenants().createTenant(new TenantRecord("beta", "Beta", TenantRecord.ACTIVE, T0, T0));
        }
        assertThat(storage().audit().chain("acme", 0, 10)).extracting(AuditRecord::entry)
                .containsExactly(created);

        AuditEntry refused = entry("acme", "createApiKey", 2);
        storage().apiKeys().createApiKey(ApiKeyContract.key("acme", "k1", T0));
        try (AuditScope scope = AuditScope.open(refused)) {
            assertThatThrownBy(() -> storage().apiKeys().createApiKey(ApiKeyContract.key("acme", "k1", T0)))
                    .isInstanceOf(RuntimeException.class);
            assertThat(storage().tenants()
                    .createTenant(new TenantRecord("acme", "A", TenantRecord.ACTIVE, T0, T0)))
                    .isFalse();
            assertThat(scope.written()).as("no transaction changed a row").isFalse();
        }
        AuditEntry deleted = entry("acme", "revokeApiKey", 3);
        try (AuditScope scope = AuditScope.open(deleted)) {
            assertThat(storage().apiKeys().deleteApiKey("acme", "k1")).isTrue();
            assertThat(scope.written()).isTrue();
        }
        assertThat(storage().audit().chain("acme", 0, 10)).extracting(AuditRecord::entry)
                .containsExactly(created, deleted);
    }
}
