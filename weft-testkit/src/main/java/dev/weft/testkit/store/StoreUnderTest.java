package dev.weft.testkit.store;

import dev.weft.engine.store.ExecutionStore;

/** Gives the contract's test interfaces the store of the running test. */
interface StoreUnderTest {

    ExecutionStore store();
}
