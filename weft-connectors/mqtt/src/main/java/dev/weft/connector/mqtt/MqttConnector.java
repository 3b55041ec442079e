package dev.weft.connector.mqtt;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;

/**
 * The {@code mqtt} connector (MQTT 3.1.1, for brokers such as Mosquitto): {@code mqtt.publish} with QoS 0
 * or 1, and the push trigger {@code mqtt.subscribe}, which acknowledges a QoS 1 message only after its
 * execution is durably queued. Each system gets its own client ({@link MqttSystemClient}). Thread-safe;
 * creating it connects to nothing.
 */
@AutoService(Connector.class)
public final class MqttConnector implements Connector {

    @Override
    public ConnectorSpec spec() {
        return Schemas.SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new MqttSystemClient(context);
    }
}
