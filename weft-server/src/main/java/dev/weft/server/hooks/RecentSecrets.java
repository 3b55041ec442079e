package dev.weft.server.hooks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Webhook secrets as the vault gave them a moment ago: reading and decrypting a credential for every
 * delivery cost more CPU than the rest of the verification (docs/BENCHMARKS.md), so each credential is
 * kept for {@link #TTL} after it was read. A credential changed or deleted is therefore used by webhook
 * verification at most {@link #TTL} longer, on every node alike; a missing one is asked for again every
 * time. The secrets stay in memory only; nothing here prints them. Thread-safe.
 */
public final class RecentSecrets implements SignatureCheck.Secrets {
    public static final Duration TTL = Duration.ofSeconds(1);

    private record Entry(List<byte[]> secrets, long readAtNanos) {
        @Override
        public String toString() {
            return "Entry[" + secrets.size() + " secret(s)]";
        }
    }

    private final SignatureCheck.Secrets vault;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** @param nanoTime a monotonic clock, {@code System::nanoTime} outside tests */
    public RecentSecrets(SignatureCheck.Secrets vault, LongSupplier nanoTime) {
        this.vault = vault;
        this.nanoTime = nanoTime;
    }

    @Override
    public Optional<List<byte[]>> of(String tenant, String credential) {
        String key = tenant + "\u0000" + credential;
        long now = nanoTime.getAsLong();
        Entry e = entries.get(key);
        if (e != null && now - e.readAtNanos() < TTL.toNanos()) {
            return Optional.of(e.secrets());
        }
        Optional<List<byte[]>> fresh = vault.of(tenant, credential);
        if (fresh.isPresent()) {
            entries.put(key, new Entry(List.copyOf(fresh.get()), now));
        } else {
            entries.remove(key);
        }
        return fresh;
    }
}
