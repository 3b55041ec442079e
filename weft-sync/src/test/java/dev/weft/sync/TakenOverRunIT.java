package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.OperationSpec;
import dev.weft.engine.CallRouter;
import dev.weft.engine.store.sync.SyncBatch;
import dev.weft.engine.store.sync.SyncCounts;
import dev.weft.engine.store.sync.SyncRun;
import dev.weft.engine.store.sync.SyncRunStatus;
import dev.weft.testkit.engine.MutableClock;
import dev.weft.testkit.services.RequiredService;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run fenced by its lease: node A runs a job page by page; while it writes its third page its lease
 * expires (the clock moves past it) and node B takes the run over, goes on from A's last committed page and
 * ends it. A's write then completes, but its commit is refused: the run's counts are one run's, and the
 * target, which makes its own ids and is matched by e-mail, has each record once. Both with changes by cursor
 * and with a scan, whose taken-over read goes on from its position and so must not propagate deletions.
 */
class TakenOverRunIT {
    static final int ROWS = 100;
    static final int PAGE = 20;
    static final Duration LEASE = SyncSettings.DEFAULT_LEASE;
    @RegisterExtension
    static final RequiredService PG = SyncFixture.POSTGRES;
    @RegisterExtension
    static final RequiredService MARIA = SyncFixture.MARIADB;

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock();
    SyncFixture f;
    Connection crm;
    Connection erp;
    String left;
    String right;

    @BeforeEach
    void tables() throws Exception {
        f = new SyncFixture(dir, clock);
        crm = SyncFixture.postgres();
        erp = SyncFixture.mariadb();
        left = "crm_people_" + f.suffix;
        right = "erp_contacts_" + f.suffix;
        SyncFixture.sql(crm, "CREATE TABLE " + left + " (id bigint PRIMARY KEY, email text NOT NULL,"
                + " name text NOT NULL, updated_at timestamptz(6) NOT NULL DEFAULT clock_timestamp())",
                "INSERT INTO " + left + " (id, email, name) SELECT g, 'p' || g || '@example.com', 'Name' || g"
                        + " FROM generate_series(1, " + ROWS + ") g");
        SyncFixture.sql(erp, "CREATE TABLE " + right + " (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " email VARCHAR(200) NOT NULL UNIQUE, name VARCHAR(100) NOT NULL)");
    }
    private void deploy(String changes) throws Exception {
        f.deploy("""
                kind: sync
                id: contacts
                left: {system: crm, type: %s, key: [id], changes: %s}
                right: {system: erp, type: %s, key: [id], match: {by: [email]}}
                direction: left_to_right
                batchSize: %d
                deletes: propagate
                mapping:
                  toRight: {email: "{{ email }}", name: "{{ name }}"}
                """.formatted(left, changes, right, PAGE));
    }

    @AfterEach
    void drop() throws Exception {
        SyncFixture.sql(crm, "DROP TABLE IF EXISTS " + left);
        SyncFixture.sql(erp, "DROP TABLE IF EXISTS " + right);
        crm.close();
        erp.close();
        f.close();
    }

    /** Calls through {@code calls}, running {@code before} first on the {@code nth} write_records call. */
    private static CallRouter beforeWrite(CallRouter calls, int nth, Runnable before) {
        AtomicInteger writes = new AtomicInteger();
        return new CallRouter() {
            @Override
            public OperationSpec operation(String name) {
                return calls.operation(name);
            }

            @Override
            public Set<String> operationNames() {
                return calls.operationNames();
            }

            @Override
            public String problem(String tenant, String system, String operation) {
                return calls.problem(tenant, system, operation);
            }

            @Override
            public JsonNode call(String tenant, String system, Call call) throws ConnectorException {
                if (call.operation().endsWith(".write_records") && writes.incrementAndGet() == nth) {
                    before.run();
                }
                return calls.call(tenant, system, call);
            }
        };
    }

    @Test
    void aRunTakenOverAfterItsLeaseExpiredCannotCommitAndNothingIsDuplicated() throws Exception {
        deploy("{cursor: updated_at}");
        takeOverAtTheThirdPage(false);
    }

    @Test
    void aScanTakenOverGoesOnFromItsPositionAndDeletesNothing() throws Exception {
        deploy("scan");
        takeOverAtTheThirdPage(true);
    }

    private void takeOverAtTheThirdPage(boolean scan) throws Exception {
        SyncService nodeB = f.node(clock, calls -> calls);
        AtomicReference<SyncRun> claimedByA = new AtomicReference<>();
        AtomicReference<Optional<SyncRun>> endedByB = new AtomicReference<>();
        SyncService nodeA = f.node(clock, calls -> beforeWrite(calls, 3, () -> {
            claimedByA.set(f.storage.sync().runs(SyncFixture.TENANT, "contacts", null, 1).get(0));
            clock.advance(LEASE.plusSeconds(1));
            endedByB.set(nodeB.runDue());
        }));

        nodeA.runNow(SyncFixture.TENANT, "contacts");
        Optional<SyncRun> ranByA = nodeA.runDue();

        SyncRun a = claimedByA.get();
        assertThat(a.status()).isEqualTo(SyncRunStatus.RUNNING);
        assertThat(a.leaseVersion()).isPositive();
        // A scan goes on from the position of its last committed page; its deletions wait for a whole read.
        assertThat(a.progress()).contains("\"phase\":\"left\"");
        assertThat(a.progress().contains("\"position\"")).isEqualTo(scan);
        // A page commits while the next one is written: at the third page's write, the second may still be
        // committing (and then be refused once B holds the run).
        assertThat(a.counts()).as("A committed one or two pages before it lost its lease").isIn(
                new SyncCounts(PAGE, PAGE, 0, 0, 0, 0, 0), new SyncCounts(2 * PAGE, 2 * PAGE, 0, 0, 0, 0, 0));
        SyncRun b = endedByB.get().orElseThrow(() -> new AssertionError("B took no run over"));
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.leaseVersion()).isGreaterThan(a.leaseVersion());
        assertThat(b.leaseOwner()).isNotEqualTo(a.leaseOwner());
        assertThat(b.status()).as(String.valueOf(b.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        assertThat(b.counts().read()).as("B went on from A's last committed page: each page counted once")
                .isEqualTo(ROWS);
        assertThat(b.counts().created() + b.counts().updated())
                .as("a page A wrote but did not commit is written again as an update").isEqualTo(ROWS);
        assertThat(b.counts().created()).isGreaterThanOrEqualTo(ROWS - PAGE);
        assertThat(b.counts().failed() + b.counts().unchanged() + b.counts().deleted()).isZero();
        assertThat(ranByA).as("A's commits after the takeover were refused; the run is as B ended it")
                .hasValue(f.sync.run(SyncFixture.TENANT, "contacts", a.id()).orElseThrow())
                .get().isEqualTo(b);

        Map<String, String> byEmail = new TreeMap<>();
        SyncFixture.rows(erp, "SELECT id, email, name FROM " + right).values()
                .forEach(row -> assertThat(byEmail.put(row.split("\\|")[0], row)).isNull());
        assertThat(byEmail).hasSize(ROWS);
        for (int i = 1; i <= ROWS; i++) {
            assertThat(byEmail.get("p" + i + "@example.com")).isEqualTo("p" + i + "@example.com|Name" + i);
        }
        assertThat(f.sync.status(SyncFixture.TENANT, "contacts").links()).isEqualTo(ROWS);

        // A's lease version stays fenced out, whatever it would commit or end.
        SyncBatch late = new SyncBatch(SyncFixture.TENANT, "contacts", a.id(), a.leaseVersion(), List.of(),
                List.of(), Map.of(), new SyncCounts(1, 1, 0, 0, 0, 0, 0), null, List.of(), List.of(),
                List.of(),
                List.of());
        assertThat(f.storage.sync().commitBatch(late, clock.instant())).isFalse();
        assertThat(f.storage.sync().finishRun(SyncFixture.TENANT, "contacts", a.id(), a.leaseVersion(),
                SyncRunStatus.FAILED, "late", clock.instant())).isFalse();
        assertThat(f.sync.run(SyncFixture.TENANT, "contacts", a.id()).orElseThrow()).isEqualTo(b);
        assertThat(f.sync.runDue()).as("nothing left to run").isEmpty();
        SyncRun next = f.run("contacts");
        assertThat(next.status()).as(String.valueOf(next.error())).isEqualTo(SyncRunStatus.SUCCEEDED);
        // A scan reads every row again, and would see deletions; changes by cursor read none.
        long read = scan ? ROWS : 0;
        assertThat(next.counts()).isEqualTo(new SyncCounts(read, 0, 0, 0, read, 0, 0));
    }
}
