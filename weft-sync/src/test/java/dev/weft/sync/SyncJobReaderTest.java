package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.flow.Problem;
import dev.weft.engine.store.sync.SyncSide;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncJobReaderTest {

    private static final String CUSTOMERS = """
            kind: sync
            id: customers
            left: {system: crm-db, type: customers, key: [id], changes: {cursor: updated_at}}
            right: {system: erp-db, type: customer, key: [id], changes: {cursor: modified}}
            direction: both
            schedule: {every: 30s}
            batchSize: 500
            deletes: {mark: {field: deleted, value: true}}
            mapping:
              toRight: {id: "{{ id }}", name: "{{ first_name & ' ' & last_name }}", email: "{{ email }}"}
              toLeft: {id: "{{ id }}", first_name: "{{ $substringBefore(name, ' ') }}", email: "{{ email }}"}
            conflicts:
              rule: newest_wins
              skew: 2s
              fields: {email: manual}
            """;

    @Test
    void readsEveryPartOfAJob() {
        SyncJobReader.Result result = SyncJobReader.read("customers.yaml", CUSTOMERS);

        assertThat(result.problems()).isEmpty();
        SyncJob job = result.job();
        assertThat(job.id()).isEqualTo("customers");
        assertThat(job.direction()).isEqualTo(Direction.BOTH);
        assertThat(job.side(SyncSide.LEFT)).isEqualTo(new SideSpec("crm-db", "customers", List.of("id"),
                "updated_at", List.of()));
        assertThat(job.right().cursor()).isEqualTo("modified");
        assertThat(job.batchSize()).isEqualTo(500);
        assertThat(job.schedule().every()).isEqualTo(Duration.ofSeconds(30));
        assertThat(job.deletes().action()).isEqualTo(DeletePolicy.Action.MARK);
        assertThat(job.deletes().field()).isEqualTo("deleted");
        assertThat(job.conflicts().rule()).isEqualTo(ConflictRule.NEWEST_WINS);
        assertThat(job.conflicts().skew()).isEqualTo(Duration.ofSeconds(2));
        assertThat(job.conflicts().of("email")).isEqualTo(ConflictRule.MANUAL);
        assertThat(job.conflicts().of("name")).isEqualTo(ConflictRule.NEWEST_WINS);
    }

    @Test
    void defaultsToOneWayWithSourceWinsAndFullScans() {
        SyncJob job = SyncJobReader.read("j.yaml", """
                kind: sync
                id: products
                left: {system: a, type: products, key: id}
                right: {system: b, type: products, key: [sku], match: {by: [sku]}}
                mapping: {toRight: {sku: "{{ code }}", title: "{{ name }}"}}
                """).job();

        assertThat(job.direction()).isEqualTo(Direction.LEFT_TO_RIGHT);
        assertThat(job.conflicts().rule()).isEqualTo(ConflictRule.SOURCE_WINS);
        assertThat(job.left().cursor()).isNull();
        assertThat(job.left().key()).containsExactly("id");
        assertThat(job.right().writeKey()).containsExactly("sku");
        assertThat(job.batchSize()).isEqualTo(SyncJob.DEFAULT_BATCH_SIZE);
        assertThat(job.schedule()).isNull();
        assertThat(job.deletes()).isEqualTo(DeletePolicy.IGNORE);
        assertThat(job.toLeft()).isNull();
    }

    @Test
    void reportsEveryProblemWithItsLineAndPointer() {
        SyncJobReader.Result result = SyncJobReader.read("bad.yaml", """
                kind: sync
                id: Bad Id
                left: {system: a, type: t, key: [id], colour: red}
                right: {system: b, key: []}
                direction: sideways
                mapping: {toRight: {name: "{{ first & }}"}}
                conflicts: {rule: loudest_wins, skew: soon}
                batchSize: 0
                schedule: {cron: "not a cron"}
                """);

        assertThat(result.ok()).isFalse();
        assertThat(result.problems()).extracting(Problem::path).contains("/id", "/left/colour", "/right/type",
                "/right/key", "/direction", "/mapping/toRight/name", "/conflicts/rule", "/conflicts/skew",
                "/batchSize", "/schedule/cron");
        Problem id = result.problems().stream().filter(p -> p.path().equals("/id")).findFirst().orElseThrow();
        assertThat(id.location().line()).isEqualTo(2);
        assertThat(id.message()).contains("'Bad Id'");
        assertThat(result.problems()).filteredOn(p -> p.path().equals("/left/colour")).first()
                .extracting(Problem::message).asString().contains("unknown field 'colour'");
    }

    @Test
    void aMappingMustWriteTheKeyItsTargetIsMatchedOn() {
        SyncJobReader.Result result = SyncJobReader.read("j.yaml", """
                kind: sync
                id: j
                left: {system: a, type: t, key: [id]}
                right: {system: b, type: u, key: [id]}
                mapping: {toRight: {name: "{{ name }}"}}
                """);

        assertThat(result.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("/mapping/toRight");
            assertThat(p.message()).contains("does not write id").contains("right.match.by");
        });
    }

    @Test
    void aTwoWayJobNeedsBothMappingsAndNewestWinsNeedsCursors() {
        SyncJobReader.Result result = SyncJobReader.read("j.yaml", """
                kind: sync
                id: j
                direction: both
                left: {system: a, type: t, key: [id]}
                right: {system: b, type: u, key: [id], changes: {cursor: modified}}
                mapping: {toRight: {id: "{{ id }}"}}
                conflicts: {rule: newest_wins, fields: {colour: manual}}
                """);

        assertThat(result.problems()).extracting(Problem::path).containsExactlyInAnyOrder("/mapping/toLeft",
                "/conflicts", "/conflicts/fields/colour");
        assertThat(result.problems()).extracting(Problem::message).anySatisfy(m -> assertThat(m)
                .contains("newest_wins compares each side's modified-at"));
    }

    @Test
    void aFileThatIsNotASyncJobSaysSo() {
        SyncJobReader.Result result = SyncJobReader.read("flow.yaml", "id: x\nsteps: []\n");

        assertThat(result.problems()).extracting(Problem::path).contains("/kind");
        assertThat(SyncJobReader.isSyncJob(null)).isFalse();
    }
}
