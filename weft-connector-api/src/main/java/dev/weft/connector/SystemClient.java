package dev.weft.connector;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A client for one configured system, opened by {@link Connector#open}; it lives until the system is
 * changed or deleted, or the platform stops. Thread-safe: many executions call it at once.
 */
public interface SystemClient extends AutoCloseable {

    /**
     * Performs one operation. Called outside any database transaction, after the step's start was
     * committed; it may be called again with the same {@link Call#idempotencyKey()} after a crash.
     *
     * @return the operation's output, a JSON value that fits the operation's output schema
     * @throws ConnectorException when it failed; {@link ConnectorException#retryable()} tells whether
     *     trying again may succeed
     */
    JsonNode invoke(Call call) throws ConnectorException;

    /**
     * Whether this call may be sent again with no further effect although its operation is not declared
     * idempotent: for example a GET, PUT or DELETE through a general HTTP request operation (RFC 9110
     * 9.2.2). The platform retries such a call as it retries an idempotent operation; it caches it only
     * when {@link #cacheable} says so too.
     */
    default boolean repeatable(Call call) {
        return false;
    }

    /**
     * Whether this call only reads although its operation is not declared
     * {@link OperationSpec#readOnly() read-only}: for example a GET or HEAD through a general HTTP request
     * operation (RFC 9110 9.2.1, safe methods). A system with a response cache may answer such a call from
     * it. A cacheable call must also be {@link #repeatable}.
     */
    default boolean cacheable(Call call) {
        return false;
    }

    /**
     * Where this call goes when the call itself names it rather than the system's configuration: the origin
     * ({@code scheme://host:port}, lower case) of an absolute URL in the call's input. The platform keys the
     * circuit breaker of calls without a system by it, so that one failing host does not refuse calls to
     * every other. Null (the default) when the call goes where the system's configuration says.
     */
    default String destination(Call call) {
        return null;
    }

    /**
     * An operation this system offers of its own ({@link Connector#systemOperations()}), named
     * {@code <connector>.<name>}, or empty when it has none by that name. Called by the platform before each
     * such call; the spec's input schema is the call's, its flags decide retries and caching as for a
     * declared operation.
     */
    default java.util.Optional<OperationSpec> ownOperation(String name) throws ConnectorException {
        return java.util.Optional.empty();
    }

    /** Every operation this system offers of its own, for listings; empty by default. */
    default List<OperationSpec> ownOperations() throws ConnectorException {
        return List.of();
    }

    /**
     * Checks that the system can be reached and accepts the credential, with as little effect as the
     * system allows (a {@code SELECT 1}, a HEAD request, a broker handshake).
     */
    ConnectionTest test();

    /**
     * The next events of a polling trigger after {@code request.cursor()}. The platform starts an
     * execution for each event, durably, and only then stores the returned cursor: an event may be
     * returned again after a crash, so each must have a stable {@link Event#id()}.
     */
    default PollResult poll(PollRequest request) throws ConnectorException {
        throw ConnectorException.permanent("trigger.unsupported",
                "this connector has no polling trigger '" + request.trigger() + "'", null, null);
    }

    /**
     * Starts a push trigger: the connector hands each event to {@code sink} and acknowledges it to the
     * system only after the sink has answered {@link EventSink.Outcome#QUEUED} or
     * {@link EventSink.Outcome#DUPLICATE}.
     */
    default Subscription subscribe(String trigger, JsonNode config, EventSink sink)
            throws ConnectorException {
        throw ConnectorException.permanent("trigger.unsupported",
                "this connector has no push trigger '" + trigger + "'", null, null);
    }

    /** Releases connections and threads; calls in flight may fail. */
    @Override
    void close();
}
