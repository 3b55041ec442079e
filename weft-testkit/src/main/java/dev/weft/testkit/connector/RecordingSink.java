package dev.weft.testkit.connector;

import dev.weft.connector.Event;
import dev.weft.connector.EventSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An {@link EventSink} for push-trigger tests: it records every event it is offered and answers what the
 * test's function says (which may block, as a slow durable queue would), so that a test can show when the
 * connector acknowledges. Thread-safe.
 */
public final class RecordingSink implements EventSink {
    /** How long {@link #next()} and {@link #nextAnswered()} wait for an event. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    /** What the sink answers for an event; it may block. */
    @FunctionalInterface
    public interface Answer {
        Outcome answer(Event event) throws InterruptedException;
    }

    private final Answer answer;
    private final List<Event> offered = new CopyOnWriteArrayList<>();
    private final LinkedBlockingQueue<Event> arrivals = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Event> answered = new LinkedBlockingQueue<>();

    public RecordingSink(Answer answer) {
        this.answer = answer;
    }

    public static RecordingSink always(Outcome outcome) {
        return new RecordingSink(e -> outcome);
    }

    public static RecordingSink answering(Function<Event, Outcome> answer) {
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

    /** The next event offered, waiting up to {@link #WAIT}; fails when none comes. */
    public Event next() throws InterruptedException {
        return waitFor(arrivals, "offered");
    }

    /** The next event the sink has answered for, waiting up to {@link #WAIT}. */
    public Event nextAnswered() throws InterruptedException {
        return waitFor(answered, "answered");
    }

    private static Event waitFor(LinkedBlockingQueue<Event> events, String what) throws InterruptedException {
        Duration wait = WAIT;
        Event e = events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event was " + what + " within " + wait);
        }
        return e;
    }

    /** Every event offered so far, in order. */
    public List<Event> offered() {
        return List.copyOf(offered);
    }
}
