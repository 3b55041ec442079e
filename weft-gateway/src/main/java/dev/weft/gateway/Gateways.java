package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.OperationSpec;
import dev.weft.engine.CallRouter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The gateways of every tenant, each opened on the first call of one of its steps (or of the API) and
 * kept: a tenant's steps reach its own systems, credentials, breakers and blobs only. The engine's
 * {@link CallRouter}. Thread-safe; {@link #close} closes every gateway.
 */
public final class Gateways implements CallRouter, AutoCloseable {
    private final Function<String, Gateway> open;
    private final Gateway first;
    private final Map<String, Gateway> byTenant = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private Gateways(Gateway first, Function<String, Gateway> open) {
        this.first = first;
        this.open = open;
        byTenant.put(first.tenant(), first);
    }

    /**
     * Gateways opened by {@code open} for each tenant, {@code first}'s opened at once (its connectors answer
     * for every gateway's operations: all are opened on the same connectors).
     */
    public static Gateways of(String first, Function<String, Gateway> open) {
        return new Gateways(open.apply(first), open);
    }

    /** One tenant's gateway alone (the command line's): other tenants have no systems. */
    public static Gateways only(Gateway gateway) {
        return new Gateways(gateway, tenant -> null);
    }

    /** The tenant's gateway, opened now if it is the first use; null for a tenant this has none for. */
    public Gateway of(String tenant) {
        if (closed) {
            throw new IllegalStateException("the gateways are closed");
        }
        return byTenant.computeIfAbsent(tenant, open);
    }

    @Override
    public OperationSpec operation(String name) {
        return first.operation(name);
    }

    @Override
    public Set<String> operationNames() {
        return first.operationNames();
    }

    @Override
    public String problem(String tenant, String system, String operation) {
        Gateway gateway = of(tenant);
        if (gateway == null) {
            return "tenant " + tenant + " has no systems here (only " + first.tenant() + " has)";
        }
        return gateway.problem(system, operation);
    }

    @Override
    public JsonNode call(String tenant, String system, Call call) throws ConnectorException {
        Gateway gateway = of(tenant);
        if (gateway == null) {
            throw ConnectorException.permanent("system.unknown", problem(tenant, system, call.operation()),
                    null,
                    null);
        }
        return gateway.call(system, call);
    }

    @Override
    public void close() {
        closed = true;
        byTenant.values().forEach(Gateway::close);
        byTenant.clear();
    }
}
