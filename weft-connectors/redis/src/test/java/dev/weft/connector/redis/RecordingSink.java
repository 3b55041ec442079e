package dev.weft.connector.redis;

import dev.weft.connector.Event;
import dev.weft.connector.EventSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A sink for trigger tests: it records every event handed to it and answers what the test says, by the
 * number of the delivery (1 for the first event handed over, 2 for the second, ...). Thread-safe.
 */
final class RecordingSink implements EventSink {
    /** What to answer the n-th delivery; may block (to hold an entry in hand). */
    @FunctionalInterface
    interface Answer {
        Outcome answer(int delivery, Event event) throws InterruptedException;
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Answer answer;

    RecordingSink(Answer answer) {
        this.answer = answer;
    }

    static RecordingSink always(Outcome outcome) {
        return new RecordingSink((n, e) -> outcome);
    }

    @Override
    public Outcome accept(Event event) throws InterruptedException {
        int delivery;
        synchronized (events) {
            events.add(event);
            delivery = events.size();
        }
        return answer.answer(delivery, event);
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    List<String> ids() {
        return events.stream().map(Event::id).toList();
    }

    int count() {
        return events.size();
    }
}
