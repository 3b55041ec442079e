package dev.weft.cli;

import dev.weft.engine.Engine;
import dev.weft.engine.EngineListener;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.store.jdbc.SqliteExecutionStore;
import java.nio.file.Path;
import java.util.Map;

/** Opens the embedded SQLite store under a data directory, and an engine on it. */
final class Embedded implements AutoCloseable {
    final ExecutionStore store;
    final Engine engine;

    private Embedded(ExecutionStore store, Engine engine) {
        this.store = store;
        this.engine = engine;
    }

    /**
     * @param environment supplies {@code WEFT_EGRESS_ALLOW}: the private addresses and names that calls may
     *     reach (docs/security/egress.md); everything else private is refused
     * @throws IllegalArgumentException when {@code WEFT_EGRESS_ALLOW} holds an entry that is neither a CIDR
     *     range nor a host name (the message names the variable and the entry)
     */
    static Embedded open(Path dataDir, EngineListener listener, Map<String, String> environment) {
        EgressGuard egress = EgressGuard.of(EgressPolicy.parse(
                environment.get(EgressPolicy.ENVIRONMENT_VARIABLE), EgressPolicy.ENVIRONMENT_VARIABLE));
        ExecutionStore store = SqliteExecutionStore.open(dataDir);
        Engine engine = Engine.builder(store).parser(Flows::parse).listener(listener).egress(egress).build();
        return new Embedded(store, engine);
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
