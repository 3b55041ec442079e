package dev.weft.testkit.store;

import dev.weft.engine.store.Storage;

/** Gives the storage contract's test interfaces the storage of the running test. */
interface StorageUnderTest {

    Storage storage();
}
