package dev.weft.testkit.store;

import static dev.weft.testkit.store.CredentialContract.assertSameCredential;
import static dev.weft.testkit.store.CredentialContract.sealed;
import static dev.weft.testkit.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.weft.connector.BlobRef;
import dev.weft.engine.store.ApiKeyRecord;
import dev.weft.engine.store.BlobStore;
import dev.weft.engine.store.FlowVersion;
import dev.weft.store.SealedCredential;
import dev.weft.engine.store.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Storage} must have, with the contracts of its API key, blob, credential,
 * schedule, system and tenant stores as documented on the SPI: extend it once per implementation and provide the storage
 * (the execution store has its own suite, {@link ExecutionStoreContract}). Each test gets a storage of
 * its own.
 */
public abstract class StorageContract
        implements
            ApiKeyContract,
            BlobContract,
            CredentialContract,
            ScheduleContract,
            SystemContract,
            TenantContract,
            AuditContract,
            UserContract,
            RoleContract {

    private Storage storage;

    /** Opens an empty storage for one test. */
    protected abstract Storage openStorage();

    /**
     * Opens again the storage that the current test opened with {@link #openStorage()}, after it was
     * closed: what it committed must all be there.
     */
    protected abstract Storage reopenStorage();

    @Override
    public final Storage storage() {
        return storage;
    }

    @Override
    public final BlobStore blobStore() {
        return storage.blobs();
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

    @Test
    final void reopenedStorageKeepsEverythingCommitted() {
        ApiKeyRecord key = ApiKeyContract.key("acme", "k1", T0);
        storage.apiKeys().createApiKey(key);
        SealedCredential credential = sealed("acme", "stripe", 1);
        storage.credentials().putCredential(credential, 0);
        storage.schedules().advanceSchedule("acme", "acme.reports", "daily", "cron-0", null, T0);
        FlowVersion flow = storage.executions().deployFlow("acme", "acme.reports", "daily", "steps: []", T0);
        BlobRef blob = new BlobRef(dev.weft.testkit.blob.GeneratedBytes.sha256(3000, 9), 3000, "image/png");
        storage.blobs().putBlob("acme", blob, dev.weft.testkit.blob.GeneratedBytes.stream(3000, 9), T0);

        storage.close();
        storage = null;
        storage = reopenStorage();

        assertThat(storage.apiKeys().apiKey("k1")).contains(key);
        assertSameCredential(storage.credentials().credential("acme", "stripe"), credential);
        assertThat(storage.schedules().nextSlot("acme", "acme.reports", "daily", "cron-0")).contains(T0);
        assertThat(storage.executions().latestFlowVersion("acme", "acme.reports", "daily")).contains(flow);
        assertThat(storage.blobs().blob("acme", blob.hash())).contains(blob);
    }

    @Test
    final void pingReachesTheDatabase() {
        assertThatCode(storage::ping).doesNotThrowAnyException();
    }

    @Test
    final void describeSaysWhereTheDatabaseIs() {
        assertThat(storage.describe()).isNotBlank();
        assertThat(storage.describe()).doesNotContainIgnoringCase("password");
    }
}
