package dev.weft.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads a Server-Sent Events stream of a running server on a thread of its own; the test takes its events
 * one by one, waiting for each (never sleeping).
 */
final class SseClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Event(String id, String type, String data) {
    }

    /** Put on the queue when the stream ended. */
    private static final Event END = new Event(null, null, null);

    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Every block's id, also of blocks without data (a browser's last event id follows them all). */
    private final BlockingQueue<String> ids = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = Thread.ofVirtual().name("sse-test-reader").start(this::read);
    }

    /** Opens the stream; the answer's headers have arrived when this returns. */
    static SseClient open(int port, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream");
        headers.forEach(b::header);
        return new SseClient(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    int status() {
        return response.statusCode();
    }

    HttpResponse<Stream<String>> response() {
        return response;
    }

    private void read() {
        String id = null;
        String type = null;
        StringBuilder data = null;
        try {
            for (String line : (Iterable<String>) response.body()::iterator) {
                if (line.isEmpty()) {
                    if (id != null) {
                        ids.add(id);
                    }
                    if (data != null) {
                        events.add(new Event(id, type, data.toString()));
                    }
                    id = null;
                    type = null;
                    data = null;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null
                            ? new StringBuilder(line.substring(6))
                            : data.append('\n')
                                    .append(line.substring(6));
                }
            }
        } catch (RuntimeException e) {
            // closed by the test, or the connection went: the stream's end either way
        }
        events.add(END);
    }

    /** The next event; fails the test when none comes within {@code timeout} or the stream ended. */
    Event next(Duration timeout) throws InterruptedException {
        Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event within " + timeout);
        }
        if (e == END) {
            events.add(END);
            throw new AssertionError("the stream ended");
        }
        return e;
    }

    /** The id of the next block that has one, with or without an event; fails the test when none comes. */
    String nextId(Duration timeout) throws InterruptedException {
        String id = ids.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (id == null) {
            throw new AssertionError("no id within " + timeout);
        }
        return id;
    }

    /** Waits for the server to end the stream, skipping events; false when it did not end in time. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Event e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                return false;
            }
            if (e == END) {
                return true;
            }
        }
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
