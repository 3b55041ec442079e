package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.flow.Problem;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploying jobs: versions, and the problems only the platform can see (its systems). No database is reached. */
class SyncDeployTest {
    private static final String JOB = """
            kind: sync
            id: customers
            left: {system: crm, type: customers, key: [id]}
            right: {system: %s, type: customer, key: [id]}
            mapping: {toRight: {id: "{{ id }}", email: "{{ email }}"}}
            """;

    @TempDir
    Path dir;
    SyncFixture f;

    @BeforeEach
    void start() {
        f = new SyncFixture(dir);
        f.storage.systems().putSystem(SyncFixture.TENANT, "mailer", "mail",
                JsonNodeFactory.instance.objectNode(),
                null, JsonNodeFactory.instance.objectNode(), java.time.Instant.now());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void theSameTextKeepsItsVersionAndAChangedOneGetsTheNext() throws Exception {
        SyncService.Deployed first = f.deploy(JOB.formatted("erp"));
        SyncService.Deployed again = f.deploy(JOB.formatted("erp"));
        SyncService.Deployed changed = f.deploy(JOB.formatted("erp") + "batchSize: 200\n");

        assertThat(first.changed()).isTrue();
        assertThat(first.record().version()).isEqualTo(1);
        assertThat(again.changed()).isFalse();
        assertThat(again.record().version()).isEqualTo(1);
        assertThat(changed.record().version()).isEqualTo(2);
        assertThat(f.sync.status(SyncFixture.TENANT, "customers").job().batchSize()).isEqualTo(200);
        assertThatThrownBy(
                () -> f.sync.deploy(SyncFixture.TENANT, "job.yaml", JOB.formatted("erp"), "orders"))
                .isInstanceOfSatisfying(SyncInputException.class, e -> {
                    assertThat(e.code()).isEqualTo(SyncInputException.MISMATCH);
                    assertThat(e.getMessage()).contains("'customers' but the URL names 'orders'");
                });
    }

    @Test
    void aSystemThatDoesNotExistOrHasNoRecordAccessIsAProblemAtItsLine() {
        assertThatThrownBy(() -> f.deploy(JOB.formatted("nowhere")))
                .isInstanceOfSatisfying(SyncInputException.class, e -> {
                    assertThat(e.code()).isEqualTo(SyncInputException.INVALID);
                    assertThat(e.problems()).singleElement().satisfies(p -> {
                        assertThat(p.path()).isEqualTo("/right/system");
                        assertThat(p.location().line()).isEqualTo(4);
                        assertThat(p.message()).contains("no system 'nowhere'");
                    });
                });
        assertThatThrownBy(() -> f.deploy(JOB.formatted("mailer")))
                .isInstanceOfSatisfying(SyncInputException.class, e -> assertThat(e.problems())
                        .extracting(Problem::message).singleElement().asString()
                        .contains("no record access").contains("mail.read_changes"));
        assertThat(f.sync.jobs(SyncFixture.TENANT)).isEmpty();
    }

    @Test
    void anUnknownJobOrAResolutionThatDoesNotFitIsRefusedByName() throws Exception {
        assertThatThrownBy(() -> f.sync.runNow(SyncFixture.TENANT, "nope"))
                .isInstanceOfSatisfying(SyncInputException.class,
                        e -> assertThat(e.code()).isEqualTo(SyncInputException.NOT_FOUND));
        f.deploy(JOB.formatted("erp"));
        var bad = JsonNodeFactory.instance.objectNode();
        bad.putObject("record").put("colour", "red");
        assertThatThrownBy(() -> f.sync.resolve(SyncFixture.TENANT, "customers", "cfl_x", bad, "user:t"))
                .hasMessageContaining("record.colour is not a synced field")
                .hasMessageContaining("id, email");
        assertThatThrownBy(() -> f.sync.resolve(SyncFixture.TENANT, "customers", "cfl_x",
                JsonNodeFactory.instance.objectNode().put("take", "middle"), "user:t"))
                .hasMessageContaining("take must be \"left\" or \"right\"");
        assertThatThrownBy(() -> f.sync.resolve(SyncFixture.TENANT, "customers", "cfl_x",
                JsonNodeFactory.instance.objectNode().put("take", "left"), "user:t"))
                .isInstanceOfSatisfying(SyncInputException.class,
                        e -> assertThat(e.code()).isEqualTo(SyncInputException.NOT_FOUND));
    }
}
