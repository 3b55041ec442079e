package dev.weft.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.OperationSpec;
import java.util.Set;

/**
 * Where the engine's {@code call} steps go: the gateway (systems, credentials, resilience policies, the
 * SSRF guard), in the server and in {@code weft run} alike; engine tests use the test kit's
 * {@code ConnectorCalls}, which calls in-process connectors. The one call path of the runtime.
 * Implementations are thread-safe.
 */
public interface CallRouter {

    /** The declared operation named {@code name}, or null when no connector declares it. */
    OperationSpec operation(String name);

    /** Every operation's name, for validation and for messages. */
    Set<String> operationNames();

    /**
     * Why a call step of {@code tenant} naming {@code system} (null for none) and {@code operation} cannot
     * run, or null when it can, as far as can be known before calling.
     */
    String problem(String tenant, String system, String operation);

    /**
     * Performs the call on {@code tenant}'s {@code system} (null for none): a tenant's steps reach its own
     * systems and credentials only. Blocks; the engine calls it on a virtual thread of its own, outside any
     * transaction.
     */
    JsonNode call(String tenant, String system, Call call) throws ConnectorException;
}
