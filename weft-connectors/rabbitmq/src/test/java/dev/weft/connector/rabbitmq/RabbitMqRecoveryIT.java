package dev.weft.connector.rabbitmq;

import dev.weft.testkit.connector.RecordingSink;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.EventSink.Outcome;
import dev.weft.connector.Subscription;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.services.RequiredService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Connections the broker drops are recovered: the trigger consumes again, operations work again. */
class RabbitMqRecoveryIT {
    @RegisterExtension
    static final RequiredService RABBITMQ = Broker.RABBITMQ;
    @RegisterExtension
    static final RequiredService RABBITMQCTL = BrokerCli.RABBITMQCTL;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AMQP.BasicProperties JSON_MESSAGE = new AMQP.BasicProperties.Builder()
            .contentType("application/json").build();

    private final RabbitMqConnector rabbitmq = new RabbitMqConnector();
    private Broker broker;
    private SystemClient client;

    @BeforeEach
    void open() throws Exception {
        broker = new Broker();
        client = rabbitmq.open(Broker.system("recovery-it"));
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        broker.close();
    }

    @Test
    void afterTheBrokerDropsItsConnectionTheTriggerReconnectsAndConsumesAgain() throws Exception {
        String queue = broker.queue("recover-consume", null);
        RecordingSink sink = RecordingSink.always(Outcome.QUEUED);
        Subscription subscription = client.subscribe("rabbitmq.consume",
                JSON.readTree("{\"queue\": \"" + queue + "\"}"), sink);
        broker.publish(queue, JSON_MESSAGE.builder().messageId("before").build(),
                "1".getBytes(StandardCharsets.UTF_8));
        assertThat(sink.nextAnswered().id()).isEqualTo("before");

        BrokerCli.closeConnections("weft recovery-it consume " + queue);
        broker.publish(queue, JSON_MESSAGE.builder().messageId("after").build(),
                "2".getBytes(StandardCharsets.UTF_8));

        assertThat(sink.nextAnswered().id()).isEqualTo("after");
        assertThat(subscription.healthy()).isTrue();
        subscription.close();
        assertThat(sink.offered()).hasSize(2);
        assertThat(broker.ready(queue)).isZero();
    }

    @Test
    void whileTheOperationsConnectionRecoversCallsFailRetryablyAndThenSucceed() throws Exception {
        String queue = broker.queue("recover-publish", null);
        publish(queue, "first");

        BrokerCli.closeConnections("weft recovery-it operations");
        List<ConnectorException> failures = new ArrayList<>();
        long end = System.nanoTime() + Broker.WAIT.toNanos();
        boolean published = false;
        while (!published && System.nanoTime() < end) {
            try {
                publish(queue, "second");
                published = true;
            } catch (ConnectorException e) {
                failures.add(e);
                Thread.sleep(100);
            }
        }

        assertThat(published).as("published again after the connection was recovered").isTrue();
        assertThat(failures).allSatisfy(e -> assertThat(e.retryable()).as(e.getMessage()).isTrue());
        assertThat(broker.take(queue).getProps().getMessageId()).isEqualTo("first");
        assertThat(broker.take(queue).getProps().getMessageId()).isEqualTo("second");
    }

    private void publish(String queue, String key) throws Exception {
        client.invoke(new Call("rabbitmq.publish",
                JSON.readTree("{\"routingKey\": \"" + queue + "\", \"body\": 1}"),
                key, Duration.ofSeconds(10), new Cancellation()));
    }
}
