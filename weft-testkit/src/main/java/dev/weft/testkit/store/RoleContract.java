package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.RoleRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tenant's own roles: put (created, then replaced), read, listed by name, deleted; other tenants apart. */
interface RoleContract extends StorageUnderTest {

    @Test
    default void aRoleIsPutReplacedListedAndDeletedWithinItsTenant() {
        RoleRecord deployer = new RoleRecord("acme", "deployer", "CI", List.of("flows.read", "flows.write"),
                T0, T0);
        assertThat(storage().roles().putRole(deployer)).isTrue();
        RoleRecord wider = new RoleRecord("acme", "deployer", "CI and runs",
                List.of("flows.read", "flows.write",
                        "executions.start"),
                T0, T0.plusSeconds(1));
        assertThat(storage().roles().putRole(wider)).isFalse();
        storage().roles().putRole(new RoleRecord("acme", "auditor", null, List.of("audit.read"), T0, T0));
        storage().roles().putRole(new RoleRecord("globex", "deployer", null, List.of(), T0, T0));

        assertThat(storage().roles().role("acme", "deployer").orElseThrow().permissions())
                .containsExactly("flows.read", "flows.write", "executions.start");
        assertThat(storage().roles().roles("acme")).extracting(RoleRecord::name).containsExactly("auditor",
                "deployer");
        assertThat(storage().roles().deleteRole("acme", "deployer")).isTrue();
        assertThat(storage().roles().deleteRole("acme", "deployer")).isFalse();
        assertThat(storage().roles().role("globex", "deployer")).isPresent();
    }
}
