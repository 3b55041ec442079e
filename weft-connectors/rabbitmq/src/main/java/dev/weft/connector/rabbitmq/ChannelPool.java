package dev.weft.connector.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One system's connection for operations, opened on first use and recovered automatically after it is
 * lost, and a pool of its channels in confirm mode. A channel is not thread-safe and, in confirm mode,
 * its confirms belong to whoever published last, so each call has one to itself from {@link #run} until
 * it returns. A channel the broker closed (an unknown exchange) or whose call was cancelled or timed out
 * is discarded, never pooled. Thread-safe.
 */
final class ChannelPool implements AutoCloseable {
    /** Channels kept open between calls; more are opened when more calls run at once. */
    static final int MAX_IDLE = 16;

    private final ConnectionFactory factory;
    private final String connectionName;
    private final String broker;
    private final String user;
    private final ReentrantLock connecting = new ReentrantLock();
    private final ConcurrentLinkedDeque<Lease> idle = new ConcurrentLinkedDeque<>();
    private volatile Connection connection;
    private volatile boolean closed;
    /** Why the broker blocks this connection's publishers (a memory or disk alarm), or null. */
    private volatile String blocked;

    ChannelPool(ConnectionFactory factory, String connectionName, String broker, String user) {
        this.factory = factory;
        this.connectionName = connectionName;
        this.broker = broker;
        this.user = user;
    }

    /** Work done on a leased channel; it may throw what the AMQP client throws. */
    @FunctionalInterface
    interface Work<T> {
        T run(Lease lease) throws Exception;
    }

    /**
     * Runs {@code work} on a channel of its own within {@code call}'s timeout; cancelling the call closes
     * the channel, which ends any wait on it. What the client throws becomes a {@link ConnectorException}
     * (see {@link Failures}).
     *
     * @param doing for messages: {@code publishing to exchange 'orders'}
     */
    <T> T run(Call call, String doing, Work<T> work) throws ConnectorException {
        long deadline = System.nanoTime() + call.timeout().toNanos();
        Lease lease;
        try {
            lease = borrow();
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            throw Failures.of(e, doing, broker, user);
        }
        lease.start(deadline);
        call.cancellation().onCancel(lease::cancel);
        boolean reusable = false;
        try {
            T result = work.run(lease);
            reusable = true;
            return result;
        } catch (ConnectorException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("rabbitmq.interrupted", doing + " at " + broker
                    + " was interrupted" + (call.cancellation().cancelled()
                            ? " (" + call.cancellation().reason() + ")"
                            : ""),
                    null, null);
        } catch (Exception e) {
            if (call.cancellation().cancelled()) {
                throw ConnectorException.retryable("rabbitmq.cancelled", doing + " at " + broker
                        + " was cancelled (" + call.cancellation().reason() + ")", null, null);
            }
            throw Failures.of(e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e, doing,
                    broker, user);
        } finally {
            release(lease, lease.finish() && reusable);
        }
    }

    /** The connection, opened now if it is not yet; the client reopens it by itself once it was open. */
    Connection connection() throws IOException, TimeoutException {
        Connection c = connection;
        if (c != null) {
            return c;
        }
        connecting.lock();
        try {
            if (closed) {
                throw new IOException("the system's client is closed");
            }
            if (connection == null) {
                Connection opened = factory.newConnection(connectionName);
                opened.addBlockedListener(reason -> blocked = reason, () -> blocked = null);
                connection = opened;
            }
            return connection;
        } finally {
            connecting.unlock();
        }
    }

    private Lease borrow() throws IOException, TimeoutException {
        for (Lease l = idle.pollFirst(); l != null; l = idle.pollFirst()) {
            if (l.channel.isOpen()) {
                return l;
            }
        }
        Channel channel = connection().createChannel();
        if (channel == null) {
            throw new IOException("the broker allows no more channels on this connection");
        }
        channel.confirmSelect();
        Lease lease = new Lease(channel);
        channel.addReturnListener(lease.returned::set);
        channel.addConfirmListener((tag, multiple) -> lease.confirmed(tag, multiple, true),
                (tag, multiple) -> lease.confirmed(tag, multiple, false));
        channel.addShutdownListener(lease::closed);
        return lease;
    }

    private void release(Lease lease, boolean reusable) {
        if (reusable && !closed && lease.channel.isOpen() && idle.size() < MAX_IDLE) {
            idle.offerFirst(lease);
        } else {
            lease.discard();
        }
    }

    /**
     * Why the broker blocks publishing on this connection (it raised a memory or disk alarm), or null:
     * a message published now would wait until the alarm clears.
     */
    String blocked() {
        return blocked;
    }

    /** Whether the connection is open now (false before first use and while it recovers). */
    boolean connected() {
        Connection c = connection;
        return c != null && c.isOpen();
    }

    @Override
    public void close() {
        connecting.lock();
        try {
            closed = true;
            for (Lease l = idle.pollFirst(); l != null; l = idle.pollFirst()) {
                l.discard();
            }
            if (connection != null) {
                // abort: closes without waiting for a broker that may be gone, and stops recovery.
                connection.abort((int) BrokerConfig.CONNECTION_TIMEOUT.toMillis());
            }
        } finally {
            connecting.unlock();
        }
    }

    /** A channel lent to one call, what the broker returned of its mandatory message, and its deadline. */
    static final class Lease {
        private static final int RUNNING = 0;
        private static final int DONE = 1;
        private static final int CANCELLED = 2;

        final Channel channel;
        final AtomicReference<Return> returned = new AtomicReference<>();
        private final AtomicInteger state = new AtomicInteger(DONE);
        private long deadline;
        private volatile Pending pending;

        /** The confirm awaited for the message published with sequence number {@code seq}. */
        private record Pending(long seq, CompletableFuture<Boolean> confirm) {
        }

        private Lease(Channel channel) {
            this.channel = channel;
        }

        private void start(long deadlineNanos) {
            deadline = deadlineNanos;
            returned.set(null);
            pending = null;
            state.set(RUNNING);
        }

        /**
         * To call just before publishing one message: completes with true when the broker confirms it,
         * false when it nacks it, and exceptionally when the channel closes first. A future rather than
         * {@link Channel#waitForConfirms}, whose monitor wait would pin a virtual thread's carrier on Java 21.
         */
        CompletableFuture<Boolean> expectConfirm() {
            Pending p = new Pending(channel.getNextPublishSeqNo(), new CompletableFuture<>());
            pending = p;
            return p.confirm();
        }

        private void confirmed(long tag, boolean multiple, boolean ack) {
            Pending p = pending;
            if (p != null && (tag == p.seq() || multiple && tag >= p.seq())) {
                p.confirm().complete(ack);
            }
        }

        private void closed(ShutdownSignalException cause) {
            Pending p = pending;
            if (p != null) {
                p.confirm().completeExceptionally(cause);
            }
        }

        /** Milliseconds left of the call's timeout, at least 1. */
        long remainingMillis() {
            return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        }

        /** Ends the call's use; false when it was cancelled (the channel is being closed). */
        private boolean finish() {
            return state.compareAndSet(RUNNING, DONE);
        }

        /** The call was cancelled: closing the channel ends a wait for confirms or a reply on it. */
        private void cancel() {
            // Only while the call runs: once it finished, the channel may already serve another call.
            if (state.compareAndSet(RUNNING, CANCELLED)) {
                discard();
            }
        }

        private void discard() {
            try {
                channel.abort();
            } catch (IOException | RuntimeException e) {
                // closing a channel that is already closed or whose connection is gone: nothing to release
            }
        }
    }
}
