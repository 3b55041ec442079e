package dev.weft.connector.rabbitmq;

import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector contract against the RabbitMQ on this machine, with a queue of this run's own. The
 * broker's only user is guest/guest, a password too short for the suite's canary check; a wrong, long
 * canary password is checked in {@link RabbitMqPublishIT} instead.
 */
class RabbitMqConnectorContractIT extends ConnectorContract {
    @RegisterExtension
    static final RequiredService RABBITMQ = Broker.RABBITMQ;
    private static Broker broker;
    private static String queue;

    @BeforeAll
    static void declare() throws Exception {
        broker = new Broker();
        queue = broker.queue("contract", null);
    }

    @AfterAll
    static void delete() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    protected Connector connector() {
        return new RabbitMqConnector();
    }

    @Override
    protected TestSystem system() {
        return Broker.system("contract");
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(
                call("rabbitmq.declare_queue", "{\"queue\": \"" + queue + "\"}"),
                call("rabbitmq.publish", "{\"routingKey\": \"" + queue + "\", \"body\": {\"orderId\": 42},"
                        + " \"headers\": {\"source\": \"contract\"}, \"mandatory\": true}"),
                call("rabbitmq.publish", "{\"exchange\": \"amq.topic\", \"routingKey\": \"nobody.listens\","
                        + " \"body\": \"a,b\\n1,2\", \"contentType\": \"text/csv\", \"persistent\": false}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(
                call("rabbitmq.publish", "{\"exchange\": \"" + Broker.unique("missing")
                        + "\", \"routingKey\": \"x\", \"body\": 1}"),
                call("rabbitmq.publish", "{\"routingKey\": \"" + Broker.unique("nobody")
                        + "\", \"body\": 1, \"mandatory\": true}"),
                call("rabbitmq.publish", "{\"body\": 1}"),
                call("rabbitmq.declare_queue", "{\"queue\": \"" + queue + "\", \"durable\": false}"),
                call("rabbitmq.purge", "{}"));
    }
}
