package dev.weft.cli;

import dev.weft.engine.Engine;
import dev.weft.engine.EngineListener;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.store.jdbc.SqliteExecutionStore;
import java.nio.file.Path;

/** Opens the embedded SQLite store under a data directory, and an engine on it. */
final class Embedded implements AutoCloseable {
    final ExecutionStore store;
    final Engine engine;

    private Embedded(ExecutionStore store, Engine engine) {
        this.store = store;
        this.engine = engine;
    }

    static Embedded open(Path dataDir, EngineListener listener) {
        ExecutionStore store = SqliteExecutionStore.open(dataDir);
        Engine engine = Engine.builder(store).parser(Flows::parse).listener(listener).build();
        return new Embedded(store, engine);
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }
}
