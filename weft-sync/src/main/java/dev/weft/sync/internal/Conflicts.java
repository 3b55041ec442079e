package dev.weft.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.store.sync.ConflictStatus;
import dev.weft.engine.store.sync.SyncConflict;
import dev.weft.engine.store.sync.SyncRun;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Makes the conflicts a run holds for review, with time-ordered ids. Thread-safe. */
final class Conflicts {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SyncRun run;
    private final Clock clock;

    Conflicts(SyncRun run, Clock clock) {
        this.run = run;
        this.clock = clock;
    }

    SyncConflict held(String leftKey, String rightKey, JsonNode left, JsonNode right, JsonNode base,
            List<String> fields) {
        Instant now = clock.instant();
        return new SyncConflict(run.tenantId(), run.jobId(), id(now), leftKey, rightKey, Canonical.text(left),
                Canonical.text(right), base == null ? null : Canonical.text(base), fields,
                ConflictStatus.OPEN, null,
                null, now, null);
    }

    /** {@code cfl_}, the time in milliseconds (12 hex digits, so ids sort by time), and 8 random bytes. */
    static String id(Instant now) {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return "cfl_" + String.format("%012x", now.toEpochMilli()) + HexFormat.of().formatHex(random);
    }
}
