package dev.weft.connector.rabbitmq;

import dev.weft.connector.Inputs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Command;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code rabbitmq.declare_queue}: declares a queue, or checks that it exists with the same settings;
 * declaring it again changes nothing (a queue that exists with other settings is a permanent error).
 * The wait for the broker's reply is bounded by the call's timeout. Thread-safe.
 */
final class DeclareQueue {
    static final String NAME = "rabbitmq.declare_queue";
    private static final Inputs INPUTS = Inputs.ofOperation(NAME);
    private static final Set<String> FIELDS = Set.of("queue", "durable", "arguments");

    private final ChannelPool channels;

    DeclareQueue(ChannelPool channels) {
        this.channels = channels;
    }

    JsonNode invoke(Call call) throws ConnectorException {
        JsonNode input = call.input();
        INPUTS.requireObject(input, FIELDS);
        String queue = INPUTS.required(input, "queue", "orders");
        if (queue.startsWith("amq.")) {
            throw INPUTS.invalid("queue", "must not start with 'amq.': the broker reserves those names");
        }
        boolean durable = INPUTS.bool(input, "durable", true);
        Map<String, Object> arguments = AmqpValues.table(input.get("arguments"), INPUTS, "arguments");
        AMQP.Queue.Declare declare = new AMQP.Queue.Declare.Builder().queue(queue).durable(durable)
                .exclusive(false).autoDelete(false).arguments(arguments).build();
        AMQP.Queue.DeclareOk ok = channels.run(call, "declaring queue '" + queue + "'", lease -> {
            Command reply = lease.channel.asyncCompletableRpc(declare)
                    .get(lease.remainingMillis(), TimeUnit.MILLISECONDS);
            return (AMQP.Queue.DeclareOk) reply.getMethod();
        });
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("queue", ok.getQueue());
        out.put("messageCount", ok.getMessageCount());
        out.put("consumerCount", ok.getConsumerCount());
        return out;
    }
}
