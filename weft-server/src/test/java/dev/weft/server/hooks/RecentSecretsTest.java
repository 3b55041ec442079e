package dev.weft.server.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentSecretsTest {
    final AtomicLong now = new AtomicLong(1_000);
    final List<String> reads = new ArrayList<>();
    String value = "first";

    final RecentSecrets secrets = new RecentSecrets((tenant, name) -> {
        reads.add(tenant + "/" + name);
        return value == null
                ? Optional.empty()
                : Optional.of(List.of(value.getBytes(StandardCharsets.UTF_8)));
    }, now::get);

    @Test
    void aCredentialIsReadOncePerTtlAndAChangeIsSeenAfterIt() {
        assertThat(text(secrets.of("t", "hook"))).isEqualTo("first");
        value = "second";
        now.addAndGet(RecentSecrets.TTL.toNanos() - 1);
        assertThat(text(secrets.of("t", "hook"))).isEqualTo("first");
        assertThat(reads).containsExactly("t/hook");

        now.addAndGet(1);
        assertThat(text(secrets.of("t", "hook"))).isEqualTo("second");
        assertThat(reads).hasSize(2);
    }

    @Test
    void aMissingCredentialIsAskedForEveryTimeAndADeletedOneGoesAfterTheTtl() {
        assertThat(text(secrets.of("t", "hook"))).isEqualTo("first");
        value = null;
        now.addAndGet(RecentSecrets.TTL.toNanos());
        assertThat(secrets.of("t", "hook")).isEmpty();
        assertThat(secrets.of("t", "hook")).isEmpty();
        assertThat(reads).hasSize(3);
    }

    @Test
    void tenantsAndNamesAreKeptApart() {
        secrets.of("t", "a");
        secrets.of("u", "a");
        secrets.of("t", "b");
        assertThat(reads).containsExactly("t/a", "u/a", "t/b");
    }

    private static String text(Optional<List<byte[]>> s) {
        return new String(s.orElseThrow().getFirst(), StandardCharsets.UTF_8);
    }
}
