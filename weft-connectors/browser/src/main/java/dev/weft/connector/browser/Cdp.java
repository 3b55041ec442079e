package dev.weft.connector.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A Chrome DevTools protocol connection to one Chromium we started: commands by id (flat sessions, one per
 * attached target) and events handed to listeners on virtual threads, so that a listener may send commands
 * of its own. The socket goes to 127.0.0.1, to the port our own child process wrote in its profile: never
 * to an address a user gave. Thread-safe.
 */
final class Cdp implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** The longest message taken from Chromium (a 48 MB screenshot in base64): a run's memory is bounded. */
    static final int MAX_MESSAGE_CHARS = 64 * 1024 * 1024;

    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, BiConsumer<String, JsonNode>> listeners = new ConcurrentHashMap<>();
    private final java.util.Set<String> inline = ConcurrentHashMap.newKeySet();
    private final ExecutorService events = Executors.newVirtualThreadPerTaskExecutor();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final java.util.concurrent.locks.ReentrantLock sending = new java.util.concurrent.locks.ReentrantLock();

    private Cdp(WebSocket socket) {
        this.socket = socket;
    }

    /** Connects to the browser endpoint {@code ws://127.0.0.1:<port>/devtools/browser/<id>}. */
    static Cdp connect(URI endpoint, Duration timeout) throws IOException {
        Receiver receiver = new Receiver();
        try {
            WebSocket socket = HttpClient.newBuilder().connectTimeout(timeout).build().newWebSocketBuilder()
                    .connectTimeout(timeout).buildAsync(endpoint, receiver)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Cdp cdp = new Cdp(socket);
            receiver.cdp.complete(cdp);
            return cdp;
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("Chromium's DevTools endpoint did not accept a connection: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to Chromium", e);
        }
    }

    /**
     * Registers the listener of event {@code method}, called on a virtual thread of its own for each event
     * with the session id (null: the browser's) and the event's parameters.
     */
    void on(String method, BiConsumer<String, JsonNode> listener) {
        listeners.put(method, listener);
    }

    /**
     * Registers a listener called on the receiving thread, in order with the answers to commands (a
     * navigation that began before a click's answer is seen before it). It must not block or send.
     */
    void onInline(String method, BiConsumer<String, JsonNode> listener) {
        inline.add(method);
        listeners.put(method, listener);
    }

    /**
     * Sends a command and does not wait for its answer (failures are dropped: the target may be gone). Sending
     * itself waits for the socket until {@code deadline} at most (one message at a time goes out).
     */
    CompletableFuture<JsonNode> post(String sessionId, String method, ObjectNode params, Instant deadline) {
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", params == null ? JSON.createObjectNode() : params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        if (closed.isDone()) {
            pending.remove(id);
            answer.completeExceptionally(new IOException("the connection to Chromium is closed"));
            return answer;
        }
        try {
            if (!sending.tryLock(left(deadline), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException("the socket was busy");
            }
            try {
                socket.sendText(message.toString(), true).get(left(deadline), TimeUnit.MILLISECONDS);
            } finally {
                sending.unlock();
            }
        } catch (TimeoutException e) {
            pending.remove(id);
            answer.completeExceptionally(new IOException("sending " + method + " to Chromium took past the"
                    + " run's deadline"));
        } catch (ExecutionException | RuntimeException e) {
            pending.remove(id);
            answer.completeExceptionally(new IOException("the connection to Chromium failed: " + e, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pending.remove(id);
            answer.completeExceptionally(new IOException("interrupted while sending " + method, e));
        }
        return answer;
    }

    /**
     * Sends a command and waits for its result until {@code deadline}.
     *
     * @throws CdpException when Chromium answered with an error
     * @throws TimeoutException when the deadline passed first
     */
    JsonNode send(String sessionId, String method, ObjectNode params, Instant deadline)
            throws IOException, TimeoutException {
        CompletableFuture<JsonNode> answer = post(sessionId, method, params, deadline);
        long millis = left(deadline);
        try {
            return answer.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for Chromium's answer to " + method, e);
        }
    }

    private static long left(Instant deadline) {
        return Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
    }

    /** Completes when the connection closes (Chromium exited or was ended). */
    CompletableFuture<Void> closed() {
        return closed;
    }

    private void receive(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            return; // not the protocol: ignored
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asLong());
            if (answer == null) {
                return;
            }
            JsonNode error = message.get("error");
            if (error != null) {
                answer.completeExceptionally(new CdpException(error.path("message").asText("error")));
            } else {
                answer.complete(message.path("result"));
            }
            return;
        }
        BiConsumer<String, JsonNode> listener = listeners.get(message.path("method").asText());
        if (listener != null) {
            String session = message.hasNonNull("sessionId") ? message.get("sessionId").asText() : null;
            JsonNode params = message.path("params");
            if (inline.contains(message.path("method").asText())) {
                listener.accept(session, params);
            } else {
                events.execute(() -> listener.accept(session, params));
            }
        }
    }

    private void ended(Throwable why) {
        closed.complete(null);
        IOException gone = new IOException("the connection to Chromium closed"
                + (why == null ? "" : ": " + why));
        pending.values().forEach(answer -> answer.completeExceptionally(gone));
        pending.clear();
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(1, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            socket.abort();
        } catch (InterruptedException e) {
            socket.abort();
            Thread.currentThread().interrupt();
        }
        ended(null);
        events.shutdownNow();
    }

    /** Chromium's answer to a command was an error. */
    static final class CdpException extends IOException {
        private static final long serialVersionUID = 1L;

        CdpException(String message) {
            super(message);
        }
    }

    /** Joins fragmented text frames and hands each whole message to the connection. */
    private static final class Receiver implements WebSocket.Listener {
        final CompletableFuture<Cdp> cdp = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            if (partial.length() + data.length() > MAX_MESSAGE_CHARS) {
                // a page can make Chromium answer with anything (a huge script value, screenshot): bounded
                partial.setLength(0);
                partial.trimToSize();
                cdp.join().ended(new IOException("Chromium sent a message of more than " + MAX_MESSAGE_CHARS
                        + " characters"));
                socket.abort();
                return null;
            }
            partial.append(data);
            if (last) {
                String whole = partial.toString();
                partial.setLength(0);
                cdp.join().receive(whole);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
            cdp.join().ended(null);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            cdp.thenAccept(c -> c.ended(error));
        }
    }
}
