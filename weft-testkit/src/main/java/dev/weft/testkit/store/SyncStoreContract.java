package dev.weft.testkit.store;

import dev.weft.engine.store.Storage;
import dev.weft.engine.store.sync.SyncStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The behaviour every {@link SyncStore} must have, as documented on the SPI: jobs deployed by their text,
 * links found by either side's keys, cursors that move only with a committed batch, runs claimed with leases
 * and fenced by a lease version, failures counted and recovered, conflicts replaced and resolved, a job
 * deleted with everything it holds, and tenants kept apart. Extend it once per {@link Storage}
 * implementation and provide the storage. Each test gets a storage of its own; times are passed in, so no
 * test waits.
 */
public abstract class SyncStoreContract implements SyncJobContract, SyncStateContract, SyncRunContract {

    private Storage storage;

    /** Opens an empty storage for one test. */
    protected abstract Storage openStorage();

    @Override
    public final Storage storage() {
        return storage;
    }

    @BeforeEach
    final void openEmptyStorage() {
        storage = openStorage();
    }

    @AfterEach
    final void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }
}
