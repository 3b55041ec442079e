package dev.weft.connector.mqtt;

import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector contract against the Mosquitto on this machine. It allows anonymous clients and ignores
 * the canary credential, which must still never come back in an output or error.
 */
class MqttConnectorContractIT extends ConnectorContract {
    @RegisterExtension
    static final RequiredService MOSQUITTO = Mosquitto.MOSQUITTO;

    @Override
    protected Connector connector() {
        return new MqttConnector();
    }

    @Override
    protected TestSystem system() {
        return Mosquitto.system("contract");
    }

    @Override
    protected List<Call> succeedingCalls() {
        String topic = Mosquitto.topic("contract");
        return List.of(
                call("mqtt.publish", "{\"topic\": \"" + topic + "\", \"payload\": {\"orderId\": 42}}"),
                call("mqtt.publish", "{\"topic\": \"" + topic + "\", \"payload\": \"a,b\\n1,2\","
                        + " \"contentType\": \"text/csv\", \"qos\": 0}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(
                call("mqtt.publish", "{\"topic\": \"sensors/+/temperature\", \"payload\": 1}"),
                call("mqtt.publish", "{\"topic\": \"$SYS/broker\", \"payload\": 1}"),
                call("mqtt.publish", "{\"payload\": 1}"),
                call("mqtt.publish", "{\"topic\": \"a\", \"payload\": 1, \"qos\": 2}"),
                call("mqtt.retain", "{}"));
    }
}
