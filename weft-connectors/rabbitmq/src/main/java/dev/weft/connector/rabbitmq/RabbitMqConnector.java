package dev.weft.connector.rabbitmq;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;

/**
 * The {@code rabbitmq} connector: {@code rabbitmq.publish} (with publisher confirms),
 * {@code rabbitmq.declare_queue}, and the push trigger {@code rabbitmq.consume}, which acknowledges a
 * message only after its execution is durably queued. Each system gets its own client
 * ({@link RabbitMqSystemClient}). Thread-safe; creating it connects to nothing.
 */
@AutoService(Connector.class)
public final class RabbitMqConnector implements Connector {

    @Override
    public ConnectorSpec spec() {
        return Schemas.SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new RabbitMqSystemClient(context);
    }
}
