package dev.weft.cli;

import dev.weft.engine.CallRouter;
import dev.weft.engine.Caller;
import dev.weft.engine.Engine;
import dev.weft.engine.WeftClient;
import dev.weft.engine.EngineListener;
import dev.weft.engine.blob.BlobSettings;
import dev.weft.engine.blob.StoredBlobs;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.Storage;
import dev.weft.engine.store.SystemRecord;
import dev.weft.gateway.CallObserver;
import dev.weft.gateway.CredentialSource;
import dev.weft.gateway.FixedSystems;
import dev.weft.gateway.Gateway;
import dev.weft.gateway.Gateways;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.server.api.VaultCredentials;
import dev.weft.store.jdbc.SqliteStorage;
import dev.weft.vault.MasterKeySource;
import dev.weft.vault.Vault;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Opens the embedded SQLite store under a data directory, and an engine on it whose call steps go through
 * the {@link Gateway}, as in the server: over no systems, or those of a {@code --systems} file (their
 * credentials from the data directory's vault). Connectors keep large values in the store's blobs
 * (spooled in {@code <data>/blob-spool}, up to the default size limit).
 */
final class Embedded implements AutoCloseable {
    /** The command line acts in the default tenant. */
    static final Caller CALLER = Caller.system(ExecutionStore.DEFAULT_TENANT, "cli");
    final Engine engine;
    /** The one way in: every command deploys, starts and reads through it. */
    final WeftClient client;
    /** The {@code --mock} fixtures, or null without {@code --mock}. */
    final MockCalls mocks;
    private final Storage storage;
    private final Gateway gateway;

    private Embedded(Storage storage, Gateway gateway, Engine engine, MockCalls mocks) {
        this.storage = storage;
        this.gateway = gateway;
        this.engine = engine;
        this.mocks = mocks;
        this.client = engine.client();
    }

    /**
     * For the commands that only read (such as {@code weft executions}): the client over the store, with
     * no systems, and an engine that is never started, so nothing is claimed or run.
     */
    static Embedded forReading(Path dataDir) {
        return open(dataDir, null, new EngineListener() {
        }, Map.of());
    }

    /**
     * @param systemsFile the {@code --systems} file, or null for none
     * @param environment supplies {@code WEFT_EGRESS_ALLOW}: the private addresses and names that calls may
     *     reach (docs/security/egress.md); everything else private is refused; and {@code WEFT_MASTER_KEY}
     *     when a system names a credential
     * @throws IllegalArgumentException when {@code WEFT_EGRESS_ALLOW} holds an entry that is neither a CIDR
     *     range nor a host name, or the systems file is invalid (the message names the variable or the
     *     file, the system and the field)
     */
    static Embedded open(Path dataDir, Path systemsFile, EngineListener listener,
            Map<String, String> environment) {
        return open(dataDir, systemsFile, listener, environment, null);
    }

    /**
     * As {@link #open(Path, Path, EngineListener, Map)}, with a {@code --mock} fixture file whose steps'
     * calls are answered from it (see {@link MockCalls}) before they reach the gateway; null for none.
     */
    static Embedded open(Path dataDir, Path systemsFile, EngineListener listener,
            Map<String, String> environment, Path mockFile) {
        EgressGuard egress = EgressGuard.of(EgressPolicy.parse(
                environment.get(EgressPolicy.ENVIRONMENT_VARIABLE), EgressPolicy.ENVIRONMENT_VARIABLE));
        Clock clock = Clock.systemUTC();
        String tenant = ExecutionStore.DEFAULT_TENANT;
        Storage storage = SqliteStorage.open(dataDir);
        try {
            BlobSettings blobSettings = BlobSettings.spoolingIn(dataDir.resolve("blob-spool"));
            // Left by a process killed mid-put (aged by the system clock, which stamps the files).
            StoredBlobs.deleteStaleSpoolFiles(blobSettings, java.time.Instant.now(),
                    java.time.Duration.ofDays(1));
            StoredBlobs blobs = StoredBlobs.of(storage.blobs(), tenant, blobSettings, clock);
            List<SystemRecord> systems = systemsFile == null
                    ? List.of()
                    : SystemsFile.read(systemsFile, Flows.CONNECTORS, storage.credentials(), tenant,
                            clock.instant());
            // The vault is opened only when a system names a credential: a run without one creates no key.
            CredentialSource credentials = systems.stream().anyMatch(s -> s.credential() != null)
                    ? new VaultCredentials(Vault.open(MasterKeySource.resolve(environment,
                            MasterKeySource.defaultKeyFile(dataDir)), storage.credentials(), clock))
                    : CredentialSource.none();
            Gateway gateway = Gateway.of(Flows.CONNECTORS.connectors(), FixedSystems.of(systems), credentials,
                    egress, clock, tenant, blobs, CallObserver.NONE);
            CallRouter calls;
            try {
                calls = mockFile == null
                        ? Gateways.only(gateway)
                        : MockCalls.read(mockFile, Gateways.only(gateway), System.err);
            } catch (RuntimeException e) {
                gateway.close();
                throw e;
            }
            Engine engine = Engine.builder(storage.executions()).parser(Flows::parse).listener(listener)
                    .calls(calls).build();
            return new Embedded(storage, gateway, engine, calls instanceof MockCalls m ? m : null);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    @Override
    public void close() {
        engine.close();
        gateway.close();
        storage.close();
    }
}
