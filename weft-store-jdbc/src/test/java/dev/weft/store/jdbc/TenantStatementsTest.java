package dev.weft.store.jdbc;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The tenant a transaction says is written into its SQL, so only names that cannot leave the literal pass. */
class TenantStatementsTest {

    @Test
    void tenantIdsTheVaultsOwnAndAllTenantsAreAccepted() {
        for (String tenant : new String[]{"default", "acme.eu-1", "$vault", Database.ALL_TENANTS}) {
            assertThatCode(() -> new TenantStatements(tenant, true)).as(tenant).doesNotThrowAnyException();
        }
    }

    @Test
    void aNameThatCouldLeaveTheQuotedLiteralIsRefused() {
        for (String tenant : new String[]{"a'; RESET weft.tenant; --", "a\\'", "line\nbreak", ""}) {
            assertThatThrownBy(() -> new TenantStatements(tenant, false)).as(tenant)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a tenant id");
        }
        assertThatThrownBy(() -> new TenantStatements(null, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
