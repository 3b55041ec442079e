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
 * A connector's client together with the {@link Context} it was opened with: closing it closes the client,
 * then what the platform opened for it (its HTTP transport). Thread-safe as the client is.
 */
record BoundClient(SystemClient client, Context context) implements SystemClient {

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        return client.invoke(call);
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
        try {
            client.close();
        } finally {
            context.close();
        }
    }
}
