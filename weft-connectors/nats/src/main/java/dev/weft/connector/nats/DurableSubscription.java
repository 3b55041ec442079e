package dev.weft.connector.nats;

import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.EventSink;
import dev.weft.connector.Subscription;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * A running {@code nats.consume} trigger: a durable pull consumer, created or updated on start, and a
 * fetch loop on a thread of its own that hands the messages to the sink one after the other.
 *
 * <p>A message is acknowledged only after the sink answered {@code QUEUED} or {@code DUPLICATE}; while
 * the sink holds it the trigger tells the server it is still working on it (every half {@code ackWait}),
 * so a slow sink does not cause a redelivery. {@code REJECTED} and unreadable messages are terminated
 * (never delivered again), after a copy went to {@code deadLetterSubject} when one is configured (if the
 * copy cannot be published the message is redelivered instead). {@code FAILED} is negatively acknowledged
 * with a delay of {@link #FAILED_BACKOFF}, so the server delivers it again (up to {@code maxDeliver}
 * times in all). The event id is the stream and stream sequence, the same on every delivery. Thread-safe.
 */
final class DurableSubscription implements Subscription {
    static final Duration FAILED_BACKOFF = Duration.ofSeconds(1);
    /** How long one fetch waits for messages before it asks again (and checks for closing). */
    static final Duration FETCH_WAIT = Duration.ofSeconds(2);
    /** How long the trigger waits after the consumer or connection failed before trying again. */
    static final Duration RETRY = Duration.ofSeconds(1);
    /** How long an acknowledgement or a dead-letter copy may take. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(5);
    /** How long {@link #close()} waits for the message in hand before interrupting its sink. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final ServerLink link;
    private final ConsumeConfig config;
    private final EventSink sink;
    private final Logger log;
    private final DeadLetter deadLetter;
    private final Consumer<DurableSubscription> onClosed;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ScheduledExecutorService working;
    private final Thread fetcher;
    private volatile ConsumerContext consumer;
    private volatile boolean failing;

    private DurableSubscription(ServerLink link, ConsumeConfig config, EventSink sink, Logger log,
            DeadLetter deadLetter, ConsumerContext consumer, Consumer<DurableSubscription> onClosed) {
        this.link = link;
        this.config = config;
        this.sink = sink;
        this.log = log;
        this.deadLetter = deadLetter;
        this.consumer = consumer;
        this.onClosed = onClosed;
        this.working = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual()
                .name("weft-nats-progress-" + config.durable()).factory());
        this.fetcher = Thread.ofVirtual().name("weft-nats-" + config.stream() + "-" + config.durable())
                .unstarted(this::fetchLoop);
    }

    /** Creates or updates the durable consumer and starts fetching; fails when the stream is missing. */
    static DurableSubscription start(ServerLink link, ConsumeConfig config, EventSink sink, Logger log,
            Consumer<DurableSubscription> onClosed) throws ConnectorException {
        ConsumerContext consumer = ensureConsumer(link, config);
        DeadLetter deadLetter;
        try {
            deadLetter = config.deadLetterSubject() == null
                    ? null
                    : new DeadLetter(link.connection().jetStream(), config.deadLetterSubject(), link.where());
        } catch (IOException e) {
            throw Failures.of(e, "consuming with " + config.what(), link.where());
        }
        DurableSubscription s = new DurableSubscription(link, config, sink, log, deadLetter, consumer,
                onClosed);
        s.fetcher.start();
        return s;
    }

    private static ConsumerContext ensureConsumer(ServerLink link, ConsumeConfig config)
            throws ConnectorException {
        try {
            var connection = link.connection();
            connection.jetStreamManagement().addOrUpdateConsumer(config.stream(), config.consumer());
            return connection.getConsumerContext(config.stream(), config.durable());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            throw Failures.of(e, "creating " + config.what(), link.where());
        }
    }

    @Override
    public boolean healthy() {
        return closing.getCount() > 0 && !failing && fetcher.isAlive() && link.connected();
    }

    /**
     * Stops fetching and waits for the message in hand to be settled; messages fetched but not yet handed
     * over are given back at once (negatively acknowledged without delay).
     */
    @Override
    public void close() {
        closing.countDown();
        try {
            if (!fetcher.join(CLOSE_WAIT)) {
                log.warn("the message in hand of {} was not settled after {}; interrupting its sink (the"
                        + " server delivers it again)", config.what(), CLOSE_WAIT);
                fetcher.interrupt();
                fetcher.join(CLOSE_WAIT);
            }
        } catch (InterruptedException e) {
            fetcher.interrupt();
            Thread.currentThread().interrupt();
        }
        working.shutdownNow();
        onClosed.accept(this);
    }

    /** Stops at once: the message in hand is not acknowledged, so the server delivers it again. */
    void abort() {
        closing.countDown();
        fetcher.interrupt();
        working.shutdownNow();
        onClosed.accept(this);
    }

    private boolean closing() {
        return closing.getCount() == 0;
    }

    private void fetchLoop() {
        FetchConsumeOptions options = FetchConsumeOptions.builder().maxMessages(config.batch())
                .expiresIn(FETCH_WAIT.toMillis()).build();
        while (!closing()) {
            try {
                if (consumer == null) {
                    consumer = ensureConsumer(link, config);
                }
                FetchConsumer fetch = consumer.fetch(options);
                try {
                    for (Message m = fetch.nextMessage(); m != null; m = fetch.nextMessage()) {
                        if (closing()) {
                            m.nak(); // never in hand: give it back at once
                        } else {
                            handle(m);
                        }
                    }
                } finally {
                    fetch.close();
                }
                if (failing) {
                    log.info("{} is fetching again", config.what());
                    failing = false;
                }
            } catch (InterruptedException e) {
                return; // aborted
            } catch (Exception e) {
                // the connection is reconnecting, or the consumer or stream was deleted: create it again
                if (!failing) {
                    log.warn("fetching from {} failed ({}); trying again every {}", config.what(),
                            e.toString(),
                            RETRY);
                }
                failing = true;
                consumer = null;
                try {
                    closing.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void handle(Message message) {
        switch (Deliveries.read(message)) {
            case Deliveries.Poison p -> {
                log.warn("message {} of {} cannot be read and is dead-lettered without starting a flow: {}",
                        Deliveries.eventId(message.metaData()), config.what(), p.reason());
                deadLetter(message, p.reason());
            }
            case Deliveries.Readable r -> {
                switch (offer(message, r.event())) {
                    case QUEUED, DUPLICATE -> acknowledge(message, r.event());
                    case REJECTED -> deadLetter(message,
                            "the flow rejected the event (its data does not fit the flow's input)");
                    case FAILED -> message.nakWithDelay(closing() ? Duration.ZERO : FAILED_BACKOFF);
                }
            }
        }
    }

    private EventSink.Outcome offer(Message message, Event event) {
        long every = Math.max(config.ackWait().toMillis() / 2, 1);
        ScheduledFuture<?> progress = working.scheduleAtFixedRate(message::inProgress, every, every,
                TimeUnit.MILLISECONDS);
        try {
            EventSink.Outcome outcome = sink.accept(event);
            return outcome == null ? EventSink.Outcome.FAILED : outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EventSink.Outcome.FAILED;
        } catch (RuntimeException e) {
            log.error("the sink failed on event {} of {}; the message is delivered again", event.id(),
                    config.what(), e);
            return EventSink.Outcome.FAILED;
        } finally {
            progress.cancel(false);
        }
    }

    private void acknowledge(Message message, Event event) {
        try {
            message.ackSync(ACK_TIMEOUT);
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            // not acknowledged: the server delivers it again, with the same event id (a DUPLICATE then)
            log.info("could not acknowledge event {} of {} ({}); it is delivered again", event.id(),
                    config.what(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deadLetter(Message message, String reason) {
        if (deadLetter != null) {
            try {
                deadLetter.publish(message, reason, ACK_TIMEOUT);
            } catch (ConnectorException e) {
                log.error("message {} of {} could not be copied to dead-letter subject '{}' ({}); it is"
                        + " delivered again", Deliveries.eventId(message.metaData()), config.what(),
                        deadLetter.subject(), e.getMessage());
                message.nakWithDelay(closing() ? Duration.ZERO : FAILED_BACKOFF);
                return;
            }
        }
        message.term();
    }
}
