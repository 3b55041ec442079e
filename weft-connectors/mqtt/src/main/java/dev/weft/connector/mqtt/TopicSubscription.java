package dev.weft.connector.mqtt;

import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.EventSink;
import dev.weft.connector.Subscription;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;

/**
 * A running {@code mqtt.subscribe} trigger: a persistent session (clean session off, a stable client id)
 * with manual acknowledgements, and a virtual thread per message in hand ({@link #IN_HAND} at most).
 *
 * <p>A QoS 1 message is acknowledged (PUBACK) only after the sink answered {@code QUEUED} or
 * {@code DUPLICATE}. {@code REJECTED} is acknowledged too and logged: MQTT has no dead-letter queue, so
 * the message is gone. {@code FAILED} is not acknowledged; after {@link #FAILED_BACKOFF} the subscription
 * reconnects, because an MQTT broker resends unacknowledged messages only when the session reconnects.
 * Every connection is a new Paho client, so that an acknowledgement can never go out on a later
 * connection, where the same packet id may name another message. QoS 0 messages have no acknowledgement:
 * one the sink could not queue is lost. Messages run concurrently, so their order is not kept.
 * Thread-safe.
 */
final class TopicSubscription implements Subscription {
    /** How long a message the sink could not queue waits before the session reconnects to get it again. */
    static final Duration FAILED_BACKOFF = Duration.ofSeconds(1);
    /** The longest wait between attempts to reconnect. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How long {@link #close()} waits for the messages in hand before interrupting their sinks. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    /** How long dropping a connection waits for its DISCONNECT to be written. */
    static final Duration DISCONNECT_WAIT = Duration.ofMillis(500);
    /** Messages in the sink at once; Paho's callback thread waits when this many are. */
    static final int IN_HAND = 16;

    private final BrokerConfig broker;
    private final MqttConnectOptions options;
    private final String clientId;
    private final SubscribeConfig config;
    private final EventSink sink;
    private final Logger log;
    private final String user;
    private final Consumer<TopicSubscription> onClosed;
    private final ExecutorService inHand;
    private final Semaphore room = new Semaphore(IN_HAND);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private final Object lock = new Object();
    private MqttClient current; // guarded by lock
    private boolean reconnectWanted; // guarded by lock
    private Thread supervisor;

    private TopicSubscription(BrokerConfig broker, MqttConnectOptions options, String clientId,
            SubscribeConfig config, EventSink sink, Logger log, String user,
            Consumer<TopicSubscription> onClosed) {
        this.broker = broker;
        this.options = options;
        this.clientId = clientId;
        this.config = config;
        this.sink = sink;
        this.log = log;
        this.user = user;
        this.onClosed = onClosed;
        this.inHand = Executors
                .newThreadPerTaskExecutor(Thread.ofVirtual().name("weft-mqtt-" + clientId + "-",
                        0).factory());
    }

    /** Connects and subscribes; fails when the broker cannot be reached or refuses the subscription. */
    static TopicSubscription start(BrokerConfig broker, MqttConnectOptions options, String clientId,
            SubscribeConfig config, EventSink sink, Logger log, String user,
            Consumer<TopicSubscription> onClosed) throws ConnectorException {
        TopicSubscription s = new TopicSubscription(broker, options, clientId, config, sink, log, user,
                onClosed);
        try {
            s.connect(true);
        } catch (ConnectorException e) {
            s.inHand.shutdownNow();
            throw e;
        }
        s.supervisor = Thread.ofVirtual().name("weft-mqtt-" + clientId + "-session").start(s::supervise);
        return s;
    }

    /** The session's client id, which the broker keeps its messages under. */
    String clientId() {
        return clientId;
    }

    /**
     * Connects a new client; subscribes when the trigger starts (the configuration may have changed) and
     * when the broker has lost the session, not on other reconnects, where it would resend retained
     * messages.
     */
    private void connect(boolean starting) throws ConnectorException {
        String doing = "subscribing to '" + config.filter() + "'";
        MqttClient client = null;
        try {
            client = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
            client.setManualAcks(true);
            client.setCallback(new Callback(client));
            boolean sessionPresent = client.connectWithResult(options).getSessionPresent();
            if (starting || !sessionPresent) {
                client.subscribe(config.filter(), config.qos());
            }
        } catch (MqttException | RuntimeException e) {
            drop(client);
            throw Failures.of(e, doing, broker.uri(), user);
        }
        synchronized (lock) {
            if (closing.getCount() == 0) {
                drop(client);
                return;
            }
            current = client;
        }
    }

    /** Waits for a lost connection or a failed message, then reconnects with a growing backoff. */
    private void supervise() {
        while (true) {
            MqttClient lost;
            synchronized (lock) {
                while (!reconnectWanted && closing.getCount() > 0) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closing.getCount() == 0) {
                    return;
                }
                reconnectWanted = false;
                lost = current;
                current = null;
            }
            drop(lost);
            Duration backoff = FAILED_BACKOFF;
            while (closing.getCount() > 0) {
                try {
                    connect(false);
                    log.info("reconnected to {} as {}; receiving '{}' again", broker.uri(), clientId, config
                            .filter());
                    break;
                } catch (ConnectorException e) {
                    log.warn("reconnecting to {} for '{}' failed ({}); trying again in {}", broker.uri(),
                            config
                                    .filter(),
                            e.getMessage(), backoff);
                }
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                        ? MAX_BACKOFF
                        : backoff
                                .multipliedBy(2);
            }
        }
    }

    /** Asks for a new connection, unless {@code of} has been replaced already. */
    private void reconnect(MqttClient of) {
        synchronized (lock) {
            if (current == of && closing.getCount() > 0) {
                reconnectWanted = true;
                lock.notifyAll();
            }
        }
    }

    private boolean replaced(MqttClient client) {
        synchronized (lock) {
            return current != client;
        }
    }

    @Override
    public boolean healthy() {
        synchronized (lock) {
            return closing.getCount() > 0 && current != null && current.isConnected();
        }
    }

    /**
     * Stops taking messages, lets those in hand finish (their sinks answer and they are acknowledged), then
     * disconnects. The session stays on the broker: messages published until the trigger starts again are
     * kept for it (QoS 1), and unacknowledged ones are sent again then.
     */
    @Override
    public void close() {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        stopTaking();
        inHand.shutdown();
        try {
            if (!inHand.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("messages of '{}' were still in hand after {}; interrupting them (the broker sends"
                        + " them again)", config.filter(), CLOSE_WAIT);
                inHand.shutdownNow();
            }
        } catch (InterruptedException e) {
            inHand.shutdownNow();
            Thread.currentThread().interrupt();
        }
        finish();
    }

    /** Closes at once: messages in hand are not acknowledged, so the broker sends them again. */
    void abort() {
        if (!closeStarted.compareAndSet(false, true)) {
            return;
        }
        stopTaking();
        inHand.shutdownNow();
        finish();
    }

    private void stopTaking() {
        closing.countDown();
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void finish() {
        MqttClient last;
        synchronized (lock) {
            last = current;
            current = null;
        }
        drop(last);
        if (supervisor != null) {
            try {
                supervisor.join(broker.connectionTimeout().plusSeconds(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        onClosed.accept(this);
    }

    /** Disconnects and releases a client; nothing it had not acknowledged is acknowledged later. */
    private void drop(MqttClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                // Paho waits out the whole timeout here; the DISCONNECT is written long before on any
                // working connection, and without it the broker keeps the session all the same.
                client.disconnectForcibly(0, DISCONNECT_WAIT.toMillis());
            }
        } catch (MqttException | RuntimeException e) {
            log.debug("disconnecting {} failed; closing it anyway", clientId, e);
        }
        try {
            client.close();
        } catch (MqttException | RuntimeException e) {
            log.debug("closing the client {} failed", clientId, e);
        }
    }

    private boolean pause(Duration wait) {
        try {
            return !closing.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void handle(MqttClient client, String topic, MqttMessage message) {
        Event event = Messages.event(topic, message);
        switch (offer(event)) {
            case QUEUED, DUPLICATE -> acknowledge(client, message);
            case REJECTED -> {
                log.warn(
                        "the flow rejected event {} of topic {}; MQTT has no dead-letter queue, so the message"
                                + " is acknowledged and dropped",
                        event.id(), topic);
                acknowledge(client, message);
            }
            case FAILED -> {
                if (message.getQos() == 0) {
                    log.warn("event {} of topic {} could not be queued and is lost: QoS 0 messages are never"
                            + " sent again (subscribe with qos 1 to keep them)", event.id(), topic);
                } else if (pause(FAILED_BACKOFF)) {
                    log.info("event {} of topic {} could not be queued; reconnecting so that the broker sends"
                            + " it again", event.id(), topic);
                    reconnect(client);
                }
            }
        }
    }

    private EventSink.Outcome offer(Event event) {
        try {
            EventSink.Outcome outcome = sink.accept(event);
            return outcome == null ? EventSink.Outcome.FAILED : outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EventSink.Outcome.FAILED;
        } catch (RuntimeException e) {
            log.error("the sink failed on event {} of '{}'; the message is not acknowledged", event.id(),
                    config.filter(), e);
            return EventSink.Outcome.FAILED;
        }
    }

    private void acknowledge(MqttClient client, MqttMessage message) {
        if (message.getQos() == 0) {
            return;
        }
        synchronized (lock) {
            if (client != current || !client.isConnected()) {
                log.info("message {} of '{}' arrived on a connection that is gone; the broker sends it again",
                        message.getId(), config.filter());
                return;
            }
            try {
                client.messageArrivedComplete(message.getId(), message.getQos());
            } catch (MqttException | RuntimeException e) {
                log.info("could not acknowledge message {} of '{}' ({}); the broker sends it again", message
                        .getId(), config.filter(), e.toString());
            }
        }
    }

    /** Paho's callbacks for one connection. */
    private final class Callback implements MqttCallback {
        private final MqttClient client;

        Callback(MqttClient client) {
            this.client = client;
        }

        @Override
        public void connectionLost(Throwable cause) {
            if (closing.getCount() > 0) {
                log.warn("the connection to {} for '{}' was lost ({}); reconnecting", broker.uri(), config
                        .filter(), String.valueOf(cause));
            }
            reconnect(client);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Returning without acknowledging leaves a QoS 1 message with the broker for the next session.
            try {
                while (!room.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    if (closing.getCount() == 0 || replaced(client)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (closing.getCount() == 0) {
                room.release();
                return;
            }
            try {
                inHand.execute(() -> {
                    try {
                        handle(client, topic, message);
                    } finally {
                        room.release();
                    }
                });
            } catch (RejectedExecutionException closed) {
                room.release();
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // this client only subscribes
        }
    }
}
