package dev.weft.engine.store;

import java.util.List;
import java.util.Optional;

/** Where the tenants are kept. Implementations are thread-safe and durable. */
public interface TenantStore {

    /** Stores a new tenant; false (and nothing changed) when its id is taken. */
    boolean createTenant(TenantRecord tenant);

    Optional<TenantRecord> tenant(String id);

    /** Every tenant, by id. */
    List<TenantRecord> tenants();

    /** Replaces the name and status of an existing tenant; false when there is none with this id. */
    boolean updateTenant(TenantRecord tenant);
}
