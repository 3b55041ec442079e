package dev.weft.connector.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.EventSink;
import dev.weft.connector.Subscription;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * A running {@code rabbitmq.consume} trigger: a connection of its own (so that a broker blocking this
 * system's publishers never stops its acknowledgements), one channel with manual acknowledgements and
 * {@code prefetch} messages in hand at most, and a virtual thread per message in hand.
 *
 * <p>Each message is acknowledged only after the sink answered {@code QUEUED} or {@code DUPLICATE}, that
 * is after its execution was durably queued. {@code REJECTED} and a message that cannot be read
 * ({@link Deliveries}) are dead-lettered without being offered again: republished to the configured
 * {@code deadLetterExchange} (confirmed) and then acknowledged, or, without one, rejected without requeue
 * so that the broker moves them to the queue's own {@code x-dead-letter-exchange} (a queue without one
 * drops them). {@code FAILED} is requeued after {@link #FAILED_BACKOFF}. A lost connection is recovered
 * automatically with the consumer; messages that were in hand come again, marked redelivered, with
 * the same event id. Thread-safe.
 */
final class QueueSubscription implements Subscription {
    /** How long a message the sink could not queue waits before it goes back to the queue. */
    static final Duration FAILED_BACKOFF = Duration.ofSeconds(1);
    /** How long {@link #close()} waits for the messages in hand before interrupting their sinks. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final ConsumeConfig config;
    private final EventSink sink;
    private final Logger log;
    private final Connection connection;
    private final Channel channel;
    private final DeadLetterExchange deadLetters;
    private final ExecutorService inHand;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final Consumer<QueueSubscription> onClosed;
    private volatile boolean cancelledByBroker;
    private volatile String consumerTag;

    private QueueSubscription(ConsumeConfig config, EventSink sink, Logger log, Connection connection,
            Consumer<QueueSubscription> onClosed) throws IOException {
        this.config = config;
        this.onClosed = onClosed;
        this.sink = sink;
        this.log = log;
        this.connection = connection;
        this.channel = connection.createChannel();
        this.deadLetters = config.deadLetterExchange() == null
                ? null
                : new DeadLetterExchange(connection, config.deadLetterExchange(), config.queue());
        this.inHand = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("weft-rabbitmq-" + config.queue() + "-", 0).factory());
    }

    /** Connects and starts consuming; fails when the broker cannot be reached or has no such queue. */
    static QueueSubscription start(ConnectionFactory factory, String connectionName, ConsumeConfig config,
            EventSink sink, Logger log, String broker, String user, Consumer<QueueSubscription> onClosed)
            throws ConnectorException {
        String doing = "consuming from queue '" + config.queue() + "'";
        Connection connection;
        try {
            connection = factory.newConnection(connectionName);
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            throw Failures.of(e, doing, broker, user);
        }
        try {
            QueueSubscription s = new QueueSubscription(config, sink, log, connection, onClosed);
            s.channel.basicQos(config.prefetch());
            s.consumerTag = s.channel.basicConsume(config.queue(), false, s.new QueueConsumer());
            ((Recoverable) connection).addRecoveryListener(s.new Recovery());
            return s;
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw Failures.of(e, doing, broker, user);
        }
    }

    @Override
    public boolean healthy() {
        return closing.getCount() > 0 && !cancelledByBroker && connection.isOpen();
    }

    /**
     * Stops taking messages, lets those in hand finish (their sinks answer and they are settled), then
     * closes the connection; messages the broker had sent but no sink had yet go back to the queue.
     */
    @Override
    public void close() {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        closing.countDown();
        try {
            if (channel.isOpen() && !cancelledByBroker) {
                channel.basicCancel(consumerTag);
                // deliveries dispatched before the cancel's answer are handed over by then
                cancelled.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (IOException | RuntimeException e) {
            log.debug("cancelling the consumer of queue {} failed; closing the connection ends it", config
                    .queue(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inHand.shutdown();
        try {
            if (!inHand.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("messages of queue {} were still in hand after {}; interrupting them (the broker"
                        + " delivers them again)", config.queue(), CLOSE_WAIT);
                inHand.shutdownNow();
            }
        } catch (InterruptedException e) {
            inHand.shutdownNow();
            Thread.currentThread().interrupt();
        }
        connection.abort((int) BrokerConfig.CONNECTION_TIMEOUT.toMillis());
        onClosed.accept(this);
    }

    /** Aborts at once: messages in hand are not settled here, so the broker delivers them again. */
    void abort() {
        closeStarted.set(true);
        closing.countDown();
        connection.abort();
        inHand.shutdownNow();
        onClosed.accept(this);
    }

    private void handle(Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
        long tag = envelope.getDeliveryTag();
        switch (Deliveries.read(envelope, properties, body)) {
            case Deliveries.Poison p -> {
                log.warn("a message of queue {} cannot be read and is dead-lettered without starting a flow:"
                        + " {}", config.queue(), p.reason());
                deadLetter(envelope, properties, body, p.reason());
            }
            case Deliveries.Readable r -> {
                EventSink.Outcome outcome = offer(r);
                switch (outcome) {
                    case QUEUED, DUPLICATE -> settle(() -> channel.basicAck(tag, false), "acknowledge", tag);
                    case REJECTED -> deadLetter(envelope, properties, body,
                            "the flow rejected the event (its data does not fit the flow's input)");
                    case FAILED -> requeueLater(tag);
                }
            }
        }
    }

    private EventSink.Outcome offer(Deliveries.Readable r) {
        try {
            EventSink.Outcome outcome = sink.accept(r.event());
            return outcome == null ? EventSink.Outcome.FAILED : outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EventSink.Outcome.FAILED;
        } catch (RuntimeException e) {
            log.error("the sink failed on event {} of queue {}; the message goes back to the queue", r.event()
                    .id(), config.queue(), e);
            return EventSink.Outcome.FAILED;
        }
    }

    private void deadLetter(Envelope envelope, AMQP.BasicProperties properties, byte[] body, String reason) {
        long tag = envelope.getDeliveryTag();
        if (deadLetters == null) {
            settle(() -> channel.basicReject(tag, false), "reject", tag);
            return;
        }
        try {
            deadLetters.republish(envelope, properties, body, reason);
        } catch (IOException | TimeoutException | RuntimeException e) {
            log.error("a message of queue {} could not be dead-lettered to exchange {} ({}); it goes back to"
                    + " the queue", config.queue(), deadLetters.name(), e.toString());
            requeueLater(tag);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            settle(() -> channel.basicNack(tag, false, true), "requeue", tag);
            return;
        }
        settle(() -> channel.basicAck(tag, false), "acknowledge", tag);
    }

    /** Waits a little (less when closing), then sends the message back to the queue. */
    private void requeueLater(long tag) {
        try {
            closing.await(FAILED_BACKOFF.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        settle(() -> channel.basicNack(tag, false, true), "requeue", tag);
    }

    @FunctionalInterface
    private interface Settlement {
        void send() throws IOException;
    }

    private void settle(Settlement settlement, String what, long tag) {
        try {
            settlement.send();
        } catch (IOException | ShutdownSignalException e) {
            // The channel closed since the delivery (connection lost): the broker delivers it again.
            log.info("could not {} message {} of queue {} ({}); the broker delivers it again", what, tag,
                    config.queue(), e.toString());
        }
    }

    private final class QueueConsumer extends DefaultConsumer {
        QueueConsumer() {
            super(channel);
        }

        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
                byte[] body) {
            if (closing.getCount() == 0) {
                return; // not in hand yet: closing the channel sends it back to the queue
            }
            try {
                inHand.execute(() -> handle(envelope, properties, body));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // closing began meanwhile: the same as above
            }
        }

        @Override
        public void handleCancelOk(String tag) {
            cancelled.countDown();
        }

        @Override
        public void handleCancel(String tag) {
            cancelledByBroker = true;
            cancelled.countDown();
            log.warn("the broker cancelled the consumer of queue {} (was the queue deleted?); this trigger"
                    + " receives nothing until it is started again", config.queue());
        }

        @Override
        public void handleShutdownSignal(String tag, ShutdownSignalException signal) {
            if (!signal.isInitiatedByApplication()) {
                log.warn("the connection consuming queue {} was lost ({}); reconnecting", config.queue(),
                        signal.getMessage());
            }
        }
    }

    private final class Recovery implements RecoveryListener {
        @Override
        public void handleRecovery(Recoverable recoverable) {
            log.info("reconnected; consuming queue {} again", config.queue());
        }

        @Override
        public void handleRecoveryStarted(Recoverable recoverable) {
            // handleShutdownSignal said so already
        }
    }
}
