package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.TenantRecord;
import dev.weft.engine.store.TenantStore;
import org.junit.jupiter.api.Test;

/** Tenants: created once, listed by id, renamed and suspended. */
interface TenantContract extends StorageUnderTest {

    private TenantStore tenants() {
        return storage().tenants();
    }

    @Test
    default void aTenantIsCreatedOnceAndListedById() {
        TenantRecord beta = new TenantRecord("beta", "Beta Ltd", TenantRecord.ACTIVE, T0, T0);
        TenantRecord acme = new TenantRecord("acme", "Acme", TenantRecord.ACTIVE, T0, T0);

        assertThat(tenants().createTenant(beta)).isTrue();
        assertThat(tenants().createTenant(acme)).isTrue();
        assertThat(tenants().createTenant(new TenantRecord("beta", "Other", TenantRecord.ACTIVE, T0, T0)))
                .isFalse();

        assertThat(tenants().tenant("beta")).contains(beta);
        assertThat(tenants().tenant("gamma")).isEmpty();
        assertThat(tenants().tenants()).extracting(TenantRecord::id).containsSubsequence("acme", "beta");
    }

    @Test
    default void aTenantIsRenamedAndSuspendedInPlace() {
        tenants().createTenant(new TenantRecord("beta", "Beta", TenantRecord.ACTIVE, T0, T0));
        TenantRecord suspended = new TenantRecord("beta", "Beta Ltd", TenantRecord.SUSPENDED, T0,
                T0.plusSeconds(5));

        assertThat(tenants().updateTenant(suspended)).isTrue();
        assertThat(tenants().updateTenant(new TenantRecord("gamma", "G", TenantRecord.ACTIVE, T0, T0)))
                .isFalse();

        assertThat(tenants().tenant("beta")).contains(suspended);
        assertThat(tenants().tenant("beta").orElseThrow().active()).isFalse();
    }

    @Test
    default void aTenantKeepsItsOwnQuotaOrNone() {
        storage().tenants()
                .createTenant(new TenantRecord("beta", "Beta", TenantRecord.ACTIVE, T0, T0, 25, 1_000_000L));
        storage().tenants()
                .createTenant(new TenantRecord("gamma", "Gamma", TenantRecord.ACTIVE, T0, T0, 0, null));
        assertThat(storage().tenants().tenant("beta").orElseThrow().maxActiveExecutions()).isEqualTo(25);
        assertThat(storage().tenants().tenant("beta").orElseThrow().maxStoredBytes()).isEqualTo(1_000_000L);
        assertThat(storage().tenants().tenant("gamma").orElseThrow().maxStoredBytes()).isNull();
        assertThat(storage().tenants().tenant("gamma").orElseThrow().maxActiveExecutions()).isZero();
        storage().tenants()
                .updateTenant(new TenantRecord("beta", "Beta", TenantRecord.ACTIVE, T0, T0, null, null));
        assertThat(storage().tenants().tenant("beta").orElseThrow().maxActiveExecutions()).isNull();
    }
}
