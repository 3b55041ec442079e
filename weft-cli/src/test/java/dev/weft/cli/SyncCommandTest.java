package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft sync} without a server: what a person sees of the API's answers (record text that could steer a
 * terminal made harmless), and options refused before anything is sent.
 */
class SyncCommandTest {
    private static final Map<String, String> NO_SERVER = Map.of("WEFT_SERVER", "http://127.0.0.1:9",
            "WEFT_API_KEY", "sync-test-key-0000");

    @TempDir
    Path dir;

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void conflictsShowEachFieldInConflictOnBothSidesWithControlCharactersEscaped() throws Exception {
        JsonNode conflict = json("""
                {"id": "cf_1", "status": "open", "leftKey": [7], "rightKey": [7],
                 "fields": ["credit_limit", "name"],
                 "left": {"credit_limit": 1111.0, "name": "Ann\\u001b]0;pwned\\u0007"},
                 "right": {"credit_limit": 2222.0, "name": "Ann\\nB"},
                 "createdAt": "2026-12-06T10:00:00Z"}""");

        List<String> table = SyncViews.conflicts(List.of(conflict));

        assertThat(table).hasSize(2);
        assertThat(table.get(0)).startsWith("ID    STATUS  LEFT KEY  RIGHT KEY  LEFT");
        assertThat(table.get(1))
                .contains("cf_1", "open", "[7]", "credit_limit=1111.0, name=Ann\\u001b]0;pwned\\u0007",
                        "credit_limit=2222.0, name=Ann B")
                .doesNotContain("\u001b").doesNotContain("\n");
    }

    @Test
    void aRunningJobShowsItsPhaseReadSoFarAndCounts() throws Exception {
        JsonNode job = json("""
                {"id": "customers", "version": 2, "enabled": true, "direction": "both",
                 "left": {"system": "crm", "type": "customers", "key": ["id"]},
                 "right": {"system": "erp", "type": "customer", "key": ["id"]},
                 "links": 4000, "failures": 1, "openConflicts": 0,
                 "lastRun": {"id": 12, "status": "running", "reason": "manual", "full": false,
                   "counts": {"read": 4500, "created": 4000, "updated": 0, "deleted": 0, "unchanged": 499,
                              "conflicts": 0, "failed": 1},
                   "progress": {"phase": "left", "read": 4500, "done": ["resolutions", "retries"]},
                   "createdAt": "2026-12-06T10:00:00Z"},
                 "createdAt": "2026-12-06T09:00:00Z", "updatedAt": "2026-12-06T09:30:00Z"}""");

        assertThat(SyncViews.job(job)).contains("left            crm/customers",
                "failures        1 (weft sync failures customers)",
                "last run        12 running (manual), created 2026-12-06T10:00:00Z",
                "counts          4500 read, 4000 created, 0 updated, 0 deleted, 499 unchanged, 0 conflicts,"
                        + " 1 failed",
                "progress        reading the left side, 4500 read so far");
        assertThat(SyncViews.jobs(List.of(job)).get(1)).contains("customers", "crm/customers", "erp/customer",
                "12 running");
    }

    @Test
    void badOptionsAreExitTwoBeforeAnythingIsSent() throws Exception {
        CommandLineRun take = CommandLineRun.weft(NO_SERVER, "sync", "resolve", "customers", "cf_1", "--take",
                "middle");
        assertThat(take.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(take.err()).contains("--take takes left or right, but was 'middle'");

        CommandLineRun both = CommandLineRun.weft(NO_SERVER, "sync", "resolve", "customers", "cf_1", "--take",
                "left", "--record", "{}");
        assertThat(both.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(both.err()).contains("mutually exclusive");

        Path list = Files.writeString(dir.resolve("r.json"), "[1, 2]");
        CommandLineRun notObject = CommandLineRun.weft(NO_SERVER, "sync", "resolve", "customers", "cf_1",
                "--record", "@" + list);
        assertThat(notObject.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(notObject.err()).contains("--record must be a JSON object");

        CommandLineRun status = CommandLineRun.weft(NO_SERVER, "sync", "conflicts", "customers", "--status",
                "closed");
        assertThat(status.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(status.err()).contains("--status takes open, resolved, applied or any, but was 'closed'");

        CommandLineRun timeout = CommandLineRun.weft(NO_SERVER, "sync", "run", "customers", "--wait-timeout",
                "1m");
        assertThat(timeout.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(timeout.err()).contains("--wait-timeout goes with --wait");

        CommandLineRun limit = CommandLineRun.weft(NO_SERVER, "sync", "runs", "customers", "--limit", "0");
        assertThat(limit.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(limit.err()).contains("--limit must be 1 or more, but was 0");
    }

    @Test
    void aServerOutOfReachIsExitOneSayingWhere() {
        CommandLineRun run = CommandLineRun.weft(NO_SERVER, "sync", "list");
        assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains("cannot connect to the server at http://127.0.0.1:9");
    }
}
