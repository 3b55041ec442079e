package dev.weft.connector.nats;

import dev.weft.connector.Event;
import dev.weft.connector.EventSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An {@link EventSink} for the tests: it records every event it is offered and answers what the test's
 * function says (which may block, as a slow durable queue would). Thread-safe.
 */
final class RecordingSink implements EventSink {

    /** What the sink answers for an event; it may block. */
    @FunctionalInterface
    interface Answer {
        Outcome answer(Event event) throws InterruptedException;
    }

    private final Answer answer;
    private final List<Event> offered = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Event> arrivals = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Event> answered = new LinkedBlockingQueue<>();

    RecordingSink(Answer answer) {
        this.answer = answer;
    }

    static RecordingSink always(Outcome outcome) {
        return new RecordingSink(e -> outcome);
    }

    static RecordingSink answering(Function<Event, Outcome> answer) {
        return new RecordingSink(answer::apply);
    }

    @Override
    public Outcome accept(Event event) throws InterruptedException {
        offered.add(event);
        arrivals.add(event);
        Outcome outcome = answer.answer(event);
        answered.add(event);
        return outcome;
    }

    /** The next event offered, waiting up to {@link JetStreamServer#WAIT}; fails when none comes. */
    Event next() throws InterruptedException {
        return waitFor(arrivals, "offered");
    }

    /** The next event the sink has answered for, waiting up to {@link JetStreamServer#WAIT}. */
    Event nextAnswered() throws InterruptedException {
        return waitFor(answered, "answered");
    }

    private static Event waitFor(LinkedBlockingQueue<Event> events, String what) throws InterruptedException {
        Duration wait = JetStreamServer.WAIT;
        Event e = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event was " + what + " within " + wait);
        }
        return e;
    }

    /** Every event offered so far, in order. */
    List<Event> offered() {
        return List.copyOf(offered);
    }
}
