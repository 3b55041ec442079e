package dev.weft.connector.mqtt;

import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The connection {@code mqtt.publish} uses: one clean-session client per system, connected on the first
 * call and again on the first call after it was lost. Its client id is the prefix, {@code -pub-} and a
 * random part, so that two Weft nodes never take each other's connection. Thread-safe.
 */
final class Publisher implements AutoCloseable {
    private final BrokerConfig broker;
    private final MqttConnectOptions options;
    private final String user;
    private MqttAsyncClient client;
    private boolean closed;

    Publisher(BrokerConfig broker, MqttConnectOptions options, String user) {
        this.broker = broker;
        this.options = options;
        this.user = user;
    }

    /** Publishes and waits for the PUBACK (QoS 1) or the write (QoS 0) within the call's time. */
    void publish(Call call, String topic, MqttMessage message, String doing) throws ConnectorException {
        long deadline = System.nanoTime() + call.timeout().toNanos();
        MqttAsyncClient connected = connected(call, doing);
        CompletableFuture<Void> done = new CompletableFuture<>();
        call.cancellation().onCancel(() -> done.completeExceptionally(new CancelledCall()));
        try {
            connected.publish(topic, message, null, listener(done));
        } catch (MqttException e) {
            throw Failures.of(e, doing, broker.uri(), user);
        }
        await(done, deadline, call,
                doing + (message.getQos() == 1 ? " (waiting for the broker's PUBACK)" : ""));
    }

    private synchronized MqttAsyncClient connected(Call call, String doing) throws ConnectorException {
        if (closed) {
            throw ConnectorException.retryable("mqtt.closed", doing + ": the system's client is closed", null,
                    null);
        }
        if (client != null && client.isConnected()) {
            return client;
        }
        discard();
        long deadline = System.nanoTime() + call.timeout().toNanos();
        try {
            client = new MqttAsyncClient(broker.uri(), broker.clientIdPrefix() + "-pub-" + UUID.randomUUID()
                    .toString().substring(0, 8), new MemoryPersistence());
            CompletableFuture<Void> done = new CompletableFuture<>();
            call.cancellation().onCancel(() -> done.completeExceptionally(new CancelledCall()));
            client.connect(options, null, listener(done));
            await(done, deadline, call, "connecting to " + broker.uri() + " for " + doing);
            return client;
        } catch (MqttException e) {
            discard();
            throw Failures.of(e, "connecting for " + doing, broker.uri(), user);
        } catch (ConnectorException e) {
            discard();
            throw e;
        }
    }

    private static IMqttActionListener listener(CompletableFuture<Void> done) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                done.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                done.completeExceptionally(failure == null
                        ? new MqttException(
                                MqttException.REASON_CODE_UNEXPECTED_ERROR)
                        : failure);
            }
        };
    }

    private void await(CompletableFuture<Void> done, long deadline, Call call, String doing)
            throws ConnectorException {
        try {
            done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw ConnectorException.retryable("mqtt.timeout", doing + " at " + broker.uri()
                    + " took longer than the step's timeout of " + call.timeout() + "; a QoS 1 message may"
                    + " still arrive", null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("mqtt.interrupted", doing + " was interrupted", null, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CancelledCall) {
                throw ConnectorException.retryable("mqtt.cancelled", doing + " was cancelled ("
                        + call.cancellation().reason() + "); a QoS 1 message may still arrive", null, null);
            }
            throw Failures.of(e.getCause(), doing, broker.uri(), user);
        }
    }

    /** Drops the current connection (without waiting for anything in flight). */
    private void discard() {
        if (client == null) {
            return;
        }
        try {
            client.disconnectForcibly(0, Duration.ofSeconds(1).toMillis());
        } catch (MqttException ignored) {
            // already disconnected
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // nothing more to release
        }
        client = null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        discard();
    }

    /** The call was cancelled while it waited. */
    private static final class CancelledCall extends Exception {
        private static final long serialVersionUID = 1L;
    }
}
