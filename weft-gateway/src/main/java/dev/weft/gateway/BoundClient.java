package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.EventSink;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.Subscription;
import dev.weft.connector.SystemClient;

/**
 * A connector's client as the gateway hands it out: every call goes to the client, its output and error
 * redacted of the system's {@link Secrets}, and closing runs {@code release} — the client and what the
 * platform opened for it ({@link #opened}), or nothing for a client another owner closes ({@link #shared}).
 * Thread-safe as the client is.
 */
record BoundClient(SystemClient client, Secrets secrets, Runnable release) implements SystemClient {

    /** A client the gateway opened with {@code context}: closing closes it, then the context (its transport). */
    static BoundClient opened(SystemClient client, Context context) {
        return new BoundClient(client, context.secrets(), () -> {
            try {
                client.close();
            } finally {
                context.close();
            }
        });
    }

    /** A client that serves several pipelines: closing one of them leaves it open. */
    static BoundClient shared(SystemClient client) {
        return new BoundClient(client, Secrets.NONE, () -> {
        });
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        try {
            return secrets.redact(client.invoke(call));
        } catch (ConnectorException e) {
            throw secrets.redact(e);
        }
    }

    @Override
    public boolean repeatable(Call call) {
        return client.repeatable(call);
    }

    @Override
    public boolean cacheable(Call call) {
        return client.cacheable(call);
    }

    @Override
    public String destination(Call call) {
        return client.destination(call);
    }

    @Override
    public java.util.Optional<dev.weft.connector.OperationSpec> ownOperation(String name)
            throws ConnectorException {
        try {
            return client.ownOperation(name);
        } catch (ConnectorException e) {
            throw secrets.redact(e);
        }
    }

    @Override
    public java.util.List<dev.weft.connector.OperationSpec> ownOperations() throws ConnectorException {
        try {
            return client.ownOperations();
        } catch (ConnectorException e) {
            throw secrets.redact(e);
        }
    }

    @Override
    public ConnectionTest test() {
        return client.test();
    }

    @Override
    public PollResult poll(PollRequest request) throws ConnectorException {
        return client.poll(request);
    }

    @Override
    public Subscription subscribe(String trigger, JsonNode config, EventSink sink) throws ConnectorException {
        return client.subscribe(trigger, config, sink);
    }

    @Override
    public void close() {
        release.run();
    }
}
