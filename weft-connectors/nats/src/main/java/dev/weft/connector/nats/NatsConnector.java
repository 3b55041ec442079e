package dev.weft.connector.nats;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;

/**
 * The {@code nats} connector: {@code nats.publish} to JetStream (de-duplicated by the step's idempotency
 * key), {@code nats.ensure_stream}, and the push trigger {@code nats.consume}, a durable pull consumer that
 * acknowledges a message only after its execution is durably queued. Each system gets its own client
 * ({@link NatsSystemClient}). Thread-safe; creating it connects to nothing.
 */
@AutoService(Connector.class)
public final class NatsConnector implements Connector {

    @Override
    public ConnectorSpec spec() {
        return Schemas.SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new NatsSystemClient(context);
    }
}
