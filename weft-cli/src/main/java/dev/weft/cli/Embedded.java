package dev.weft.cli;

import dev.weft.engine.DirectCalls;
import dev.weft.engine.Engine;
import dev.weft.engine.EngineListener;
import dev.weft.engine.blob.BlobSettings;
import dev.weft.engine.blob.StoredBlobs;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.Storage;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.store.jdbc.SqliteStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Opens the embedded SQLite store under a data directory, and an engine on it whose connectors keep large
 * values in the store's blobs (spooled in {@code <data>/blob-spool}, up to the default size limit).
 */
final class Embedded implements AutoCloseable {
    final ExecutionStore store;
    final Engine engine;
    private final Storage storage;
    /** The call router made here for {@code --mock} (the engine makes and closes its own otherwise). */
    private final DirectCalls calls;

    private Embedded(Storage storage, Engine engine, DirectCalls calls) {
        this.storage = storage;
        this.calls = calls;
        this.store = storage.executions();
        this.engine = engine;
    }

    /**
     * @param environment supplies {@code WEFT_EGRESS_ALLOW}: the private addresses and names that calls may
     *     reach (docs/security/egress.md); everything else private is refused
     * @throws IllegalArgumentException when {@code WEFT_EGRESS_ALLOW} holds an entry that is neither a CIDR
     *     range nor a host name (the message names the variable and the entry)
     */
    static Embedded open(Path dataDir, EngineListener listener, Map<String, String> environment) {
        return open(dataDir, listener, environment, null);
    }

    /**
     * @param mockFile a {@code --mock} fixture file whose steps' calls are answered from it (see {@link
     *     MockCalls}), or null
     */
    static Embedded open(Path dataDir, EngineListener listener, Map<String, String> environment,
            Path mockFile) {
        EgressGuard egress = EgressGuard.of(EgressPolicy.parse(
                environment.get(EgressPolicy.ENVIRONMENT_VARIABLE), EgressPolicy.ENVIRONMENT_VARIABLE));
        Storage storage = SqliteStorage.open(dataDir);
        BlobSettings blobSettings = BlobSettings.spoolingIn(dataDir.resolve("blob-spool"));
        // Left by a process killed mid-put (aged by the system clock, which stamps the files).
        StoredBlobs.deleteStaleSpoolFiles(blobSettings, java.time.Instant.now(),
                java.time.Duration.ofDays(1));
        StoredBlobs blobs = StoredBlobs.of(storage.blobs(), ExecutionStore.DEFAULT_TENANT, blobSettings,
                Clock.systemUTC());
        Engine.Builder builder = Engine.builder(storage.executions()).parser(Flows::parse).listener(listener)
                .egress(egress).blobs(blobs);
        DirectCalls direct = null;
        if (mockFile != null) {
            direct = DirectCalls.of(Engine.discoverConnectors(), egress, blobs, Clock.systemUTC());
            try {
                builder.calls(MockCalls.read(mockFile, direct, System.err));
            } catch (IllegalArgumentException e) {
                direct.close();
                storage.close();
                throw e;
            }
        }
        return new Embedded(storage, builder.build(), direct);
    }

    @Override
    public void close() {
        engine.close();
        if (calls != null) {
            calls.close();
        }
        storage.close();
    }
}
