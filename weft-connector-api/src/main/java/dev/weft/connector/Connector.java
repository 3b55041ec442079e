package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A kind of external system and the operations it offers. Implementations are discovered with
 * {@link java.util.ServiceLoader} (declare them with {@code @AutoService(Connector.class)} so the
 * service file is generated) and must be thread-safe: one instance serves every execution.
 */
public interface Connector {

    /** The stable id that prefixes every operation name, for example {@code http}. */
    String id();

    /** The operations this connector offers, each named {@code id.operation}. */
    List<OperationSpec> operations();

    /**
     * Performs one operation. Called outside any database transaction, after the step's start was
     * committed; it may be called again with the same {@link Invocation#idempotencyKey()} after a crash.
     *
     * @return the operation's output, a JSON value
     * @throws ConnectorException when the operation failed; {@link ConnectorException#retryable()} tells
     *     whether the engine may apply the step's retry policy
     */
    JsonNode invoke(Invocation invocation) throws ConnectorException;
}
