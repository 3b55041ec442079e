package dev.weft.connector.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.SystemContext;
import dev.weft.connector.kit.JsonApi;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An OpenAI-compatible endpoint, reached only through the platform's HTTP transport
 * ({@link SystemContext#http()}: egress rules, the system's bearer key, trace context). Sends JSON, reads JSON
 * answers and server-sent event streams, and turns refusals into typed errors. Thread-safe.
 */
final class ModelEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most of an error body read from a stream, for its message. */
    private static final int MAX_ERROR_BYTES = 64 * 1024;

    private final SystemContext context;
    private final Settings settings;
    private final String key;

    ModelEndpoint(SystemContext context, Settings settings) {
        this.context = context;
        this.settings = settings;
        this.key = context.credential().orElse(null) instanceof Credential.Bearer b ? b.token() : null;
    }

    Settings settings() {
        return settings;
    }

    /**
     * The time left for a request of {@code call}, which began at {@code startedNanos}: the call's own
     * timeout less what it used, at most the system's {@code timeout}.
     *
     * @throws ConnectorException {@code llm.unavailable} (retryable) when no time is left
     */
    Duration timeLeft(Call call, long startedNanos) throws ConnectorException {
        Duration left = call.timeout().minusNanos(System.nanoTime() - startedNanos);
        if (left.isNegative() || left.isZero()) {
            throw ConnectorException.retryable("llm.unavailable", call.operation() + " used its "
                    + call.timeout().toMillis() + " ms before the endpoint answered", null, null);
        }
        return settings.requestTimeout(left);
    }

    /**
     * A chat completion: one JSON answer, or, when {@code body.stream} is true, the event stream's chunks
     * assembled into one.
     *
     * @param attempt which request of this call this is (1 for the first), for its idempotency key
     */
    Answer chat(JsonNode body, Call call, int attempt, long startedNanos) throws ConnectorException {
        Duration timeout = timeLeft(call, startedNanos);
        if (!body.path("stream").asBoolean(false)) {
            return answer(post("/chat/completions", body, call, attempt, timeout));
        }
        HttpTransport.Request request = request("/chat/completions", "text/event-stream", body, call, attempt,
                timeout).streamed();
        String what = "POST /chat/completions";
        try (HttpTransport.Response response = send(request, what)) {
            if (response.status() / 100 != 2) {
                throw LlmErrors.of(what, response.status(), response::header, head(response.stream()),
                        context.clock().instant(), key);
            }
            String type = response.header("Content-Type");
            if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                // A server that does not stream answers the whole completion at once.
                byte[] whole = response.stream().readNBytes((int) JsonApi.MAX_ANSWER_BYTES + 1);
                if (whole.length > JsonApi.MAX_ANSWER_BYTES) {
                    throw ConnectorException.permanent("llm.too_large", what + ": the answer passed "
                            + JsonApi.MAX_ANSWER_BYTES + " bytes; lower maxTokens", null, null);
                }
                return answer(parse(whole, what));
            }
            List<JsonNode> events = events(response.stream(), what);
            if (events.isEmpty()) {
                // a web page or an empty body, not an event stream: no completion, not an empty one
                throw notApi(what + " answered no data: events (Content-Type " + type + "); check"
                        + " config.baseUrl: the OpenAI-compatible root ends in /v1 on vLLM, llama.cpp and Ollama");
            }
            return Answer.ofChunks(events);
        } catch (IOException e) {
            throw ConnectorException.retryable("llm.unavailable", what + ": the event stream broke off: "
                    + e.getMessage(), null, null);
        }
    }

    /** {@code POST path} with a JSON body, its JSON answer; a refusal as a typed error. */
    JsonNode post(String path, JsonNode body, Call call, int attempt, Duration timeout)
            throws ConnectorException {
        String what = "POST " + path;
        HttpTransport.Response response = send(request(path, "application/json", body, call, attempt, timeout)
                .withMaxBytes(JsonApi.MAX_ANSWER_BYTES), what);
        if (response.status() / 100 != 2) {
            throw LlmErrors.of(what, response.status(), response::header, response.body(),
                    context.clock().instant(), key);
        }
        return parse(response.body(), what);
    }

    /** {@code GET path} for the platform's own use (the connection test). */
    JsonNode get(String path, Duration timeout) throws ConnectorException {
        String what = "GET " + path;
        HttpTransport.Request request = HttpTransport.Request.to("GET", URI.create(settings.baseUrl() + path))
                .withHeader("Accept", "application/json").withTimeout(timeout)
                .withCancellation(new Cancellation())
                .withMaxBytes(JsonApi.MAX_ANSWER_BYTES);
        HttpTransport.Response response = send(request, what);
        if (response.status() / 100 != 2) {
            throw LlmErrors.of(what, response.status(), response::header, response.body(),
                    context.clock().instant(), key);
        }
        return parse(response.body(), what);
    }

    private HttpTransport.Request request(String path, String accept, JsonNode body, Call call, int attempt,
            Duration timeout) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException impossible) {
            throw new IllegalStateException("a JSON tree always serializes", impossible);
        }
        return HttpTransport.Request.to("POST", URI.create(settings.baseUrl() + path))
                .withHeader("Accept", accept)
                .withBody(new HttpTransport.Body.Bytes(bytes, "application/json"))
                .withTimeout(timeout).withCancellation(call.cancellation()).withTrace(call.trace())
                .withIdempotencyKey(
                        attempt == 1 ? call.idempotencyKey() : call.idempotencyKey() + ":" + attempt);
    }

    private HttpTransport.Response send(HttpTransport.Request request, String what)
            throws ConnectorException {
        try {
            return context.http().send(request);
        } catch (ConnectorException e) {
            throw LlmErrors.transport(what, e);
        }
    }

    private JsonNode parse(byte[] body, String what) throws ConnectorException {
        try {
            JsonNode answer = body == null || body.length == 0 ? null : JSON.readTree(body);
            if (answer == null || !answer.isObject()) {
                throw new IOException("not a JSON object");
            }
            return answer;
        } catch (IOException e) {
            throw notApi(what + " answered something that is not an OpenAI-compatible JSON answer ("
                    + JsonApi.abbreviate(body == null ? "" : new String(body, StandardCharsets.UTF_8))
                    + "); check config.baseUrl: the OpenAI-compatible root ends in /v1 on vLLM, llama.cpp and"
                    + " Ollama");
        }
    }

    /** {@code completion} as an answer; one that is not a completion is refused without the key in it. */
    private Answer answer(JsonNode completion) throws ConnectorException {
        try {
            return Answer.of(completion);
        } catch (ConnectorException e) {
            throw e.code().equals("llm.not_api") ? notApi(e.getMessage()) : e;
        }
    }

    /**
     * {@code llm.not_api} with {@code message} scrubbed as {@link LlmErrors} scrubs the endpoint's errors: what
     * a server that is not the API answers (a proxy's page, a debug echo) may quote the request's key.
     */
    private ConnectorException notApi(String message) {
        return ConnectorException.permanent("llm.not_api", LlmErrors.scrub(message, key), null, null);
    }

    /**
     * The {@code data:} events of a server-sent event stream up to {@code [DONE]} or its end, each parsed as
     * JSON; an event holding {@code error} (a failure after the stream began) fails the call.
     */
    private List<JsonNode> events(InputStream stream, String what) throws IOException, ConnectorException {
        List<JsonNode> events = new ArrayList<>();
        EventLines lines = new EventLines(stream, JsonApi.MAX_ANSWER_BYTES, what);
        StringBuilder data = new StringBuilder();
        for (String line = lines.next();; line = lines.next()) {
            if (line == null || line.isEmpty()) {
                if (!data.isEmpty()) {
                    String event = data.toString();
                    data.setLength(0);
                    if (event.equals("[DONE]")) {
                        return events;
                    }
                    events.add(event(event, what));
                }
                if (line == null) {
                    return events;
                }
                continue;
            }
            if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
            }
            // Other fields (event:, id:, retry:) and comments (:) carry nothing a completion needs.
        }
    }

    private JsonNode event(String text, String what) throws ConnectorException {
        JsonNode event;
        try {
            event = JSON.readTree(text);
        } catch (IOException e) {
            throw notApi(what + ": an event of the stream is not JSON (" + JsonApi.abbreviate(text) + ")");
        }
        if (event.has("error")) {
            JsonNode code = event.path("error").path("code");
            int status = code.canConvertToInt() && code.asInt() >= 400 && code.asInt() < 600
                    ? code.asInt()
                    : 500;
            throw LlmErrors.of(what + " (while streaming)", status, name -> null,
                    text.getBytes(StandardCharsets.UTF_8), context.clock().instant(), key);
        }
        return event;
    }

    private static byte[] head(InputStream stream) throws IOException {
        return stream.readNBytes(MAX_ERROR_BYTES);
    }
}
