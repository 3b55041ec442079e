package dev.weft.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.sync.SyncLink;
import dev.weft.engine.store.sync.SyncSide;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingLinksTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static SyncLink link(String left, String right, String hash) {
        return new SyncLink(left, right, hash, hash, null, NOW);
    }

    @Test
    void aRecordOfThePageStillCommittingIsFoundLinkedOnEitherSide() {
        PendingLinks pending = new PendingLinks();
        SyncLink stored = link("[1]", "[\"a\"]", "old");
        SyncLink committing = link("[1]", "[\"a\"]", "new");
        pending.set(List.of(committing, link("[2]", "[\"b\"]", "x")));

        assertThat(pending.over(SyncSide.LEFT, List.of("[1]", "[3]"), Map.of("[1]", stored)))
                .containsExactlyEntriesOf(Map.of("[1]", committing));
        assertThat(pending.over(SyncSide.RIGHT, List.of("[\"b\"]"), Map.of()))
                .containsOnlyKeys("[\"b\"]");
    }

    @Test
    void withNoCommitRunningTheStoredLinksAreAnsweredAsTheyAre() {
        PendingLinks pending = new PendingLinks();
        pending.set(List.of(link("[1]", "[1]", "h")));
        pending.set(List.of());
        Map<String, SyncLink> stored = Map.of("[2]", link("[2]", "[2]", "h"));

        assertThat(pending.over(SyncSide.LEFT, List.of("[1]", "[2]"), stored)).isSameAs(stored);
    }
}
