package dev.weft.testkit.store;

import dev.weft.engine.store.Storage;
import dev.weft.engine.store.webhook.WebhookStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The behaviour every {@link WebhookStore} must have, as documented on the SPI: endpoints and event types,
 * the fan-out, claims, fenced outcomes, the history, retry and replay, the backlog, retention, tenants kept
 * apart, and calls racing on the same rows. Extend it once per {@link Storage} implementation and provide the storage (the endpoint's
 * {@code endpoint.disabled} event is read back from the storage's event feed). Each test gets a storage of
 * its own.
 */
public abstract class WebhookStoreContract
        implements
            WebhookEndpointContract,
            WebhookDispatchContract,
            WebhookHistoryContract,
            WebhookRaceContract {

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
