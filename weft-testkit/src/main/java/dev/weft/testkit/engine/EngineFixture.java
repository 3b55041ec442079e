package dev.weft.testkit.engine;

import dev.weft.engine.store.ExecutionStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up every engine contract shares: a store opened by the subclass on a temporary directory,
 * and an {@link EngineHarness} on it, closed after each test.
 */
public abstract class EngineFixture {
    @TempDir
    protected Path dir;
    protected ExecutionStore store;
    protected EngineHarness weft;

    /** A new store on {@code dir}; called again to reopen after a simulated restart. */
    protected abstract ExecutionStore openStore(Path dir);

    @BeforeEach
    void open() {
        store = openStore(dir);
        weft = EngineHarness.on(store);
    }

    @AfterEach
    void closeAll() {
        weft.close();
        store.close();
    }
}
