package dev.weft.connector.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Return;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Republishes a consumed message to a trigger's configured {@code deadLetterExchange}, with its routing
 * key, properties and body unchanged and three headers added: {@code x-weft-reason} (why it was not
 * run), {@code x-weft-queue} and {@code x-weft-exchange} (where it came from). It waits for the broker's
 * confirm and publishes as mandatory, so a copy that no queue would keep is a failure, not a silent loss;
 * only then may the original be acknowledged. One message at a time, on a channel of its own in confirm
 * mode (dead letters are rare). Thread-safe.
 */
final class DeadLetterExchange {
    static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    private final Connection connection;
    private final String exchange;
    private final String queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicReference<Return> returned = new AtomicReference<>();
    private Channel channel;

    DeadLetterExchange(Connection connection, String exchange, String queue) {
        this.connection = connection;
        this.exchange = exchange;
        this.queue = queue;
    }

    String name() {
        return exchange;
    }

    /** Returns once the broker confirmed the copy; throws when it did not take it. */
    void republish(Envelope envelope, AMQP.BasicProperties properties, byte[] body, String reason)
            throws IOException, InterruptedException, TimeoutException {
        Map<String, Object> headers = new HashMap<>();
        if (properties.getHeaders() != null) {
            headers.putAll(properties.getHeaders());
        }
        headers.put("x-weft-reason", reason);
        headers.put("x-weft-queue", queue);
        headers.put("x-weft-exchange", envelope.getExchange());
        AMQP.BasicProperties copy = properties.builder().headers(headers).build();
        lock.lock();
        boolean ok = false;
        try {
            Channel ch = channel();
            returned.set(null);
            ch.basicPublish(exchange, envelope.getRoutingKey(), true, copy, body);
            if (!ch.waitForConfirms(CONFIRM_TIMEOUT.toMillis())) {
                throw new IOException("the broker did not confirm the copy sent to dead-letter exchange '"
                        + exchange + "' (nack)");
            }
            Return r = returned.get();
            if (r != null) {
                throw new IOException("dead-letter exchange '" + exchange + "' routes routing key '"
                        + envelope.getRoutingKey() + "' to no queue (" + r.getReplyText()
                        + "): bind a queue to it");
            }
            ok = true;
        } finally {
            if (!ok && channel != null) {
                // its confirm state is unknown now (or the broker closed it): start afresh next time
                try {
                    channel.abort();
                } catch (IOException | RuntimeException alreadyClosed) {
                    // nothing left to release
                }
                channel = null;
            }
            lock.unlock();
        }
    }

    private Channel channel() throws IOException {
        if (channel == null || !channel.isOpen()) {
            Channel ch = connection.createChannel();
            if (ch == null) {
                throw new IOException("the broker allows no more channels on this connection");
            }
            ch.confirmSelect();
            ch.addReturnListener(returned::set);
            channel = ch;
        }
        return channel;
    }
}
