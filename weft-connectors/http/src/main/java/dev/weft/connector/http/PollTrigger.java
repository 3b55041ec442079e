package dev.weft.connector.http;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.Event;
import dev.weft.connector.Example;
import dev.weft.connector.Inputs;
import dev.weft.connector.kit.Validators;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.TriggerKind;
import dev.weft.connector.TriggerSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code http.poll} trigger: GETs a JSON list now and then and turns each new item into one event.
 * What is new is decided by the cursor the platform stores after the events' executions: the ids already
 * turned into events (at most {@code remember}), and with {@code since} the largest value of a field seen
 * so far, sent as a query parameter so that the API returns only what changed. See {@link Cursor}.
 * Stateless: everything it remembers is in the cursor.
 */
final class PollTrigger {
    static final String NAME = "http.poll";
    static final int DEFAULT_REMEMBER = 1000;
    static final int MAX_REMEMBER = 10_000;
    /** The most bytes one poll's response may have. */
    static final int MAX_BYTES = 16 * 1024 * 1024;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Inputs CONFIG = Inputs.ofTrigger(NAME);
    private static final Set<String> FIELDS = Set.of("url", "path", "query", "headers", "timeout", "items",
            "id", "since", "remember", "conditional");

    static final TriggerSpec SPEC = new TriggerSpec(NAME,
            "Polls a JSON list with a GET request (every `every`, 30 s by default) and starts one execution"
                    + " per new item, exactly once across polls and restarts: the trigger's cursor, stored"
                    + " after the executions, remembers the ids of the items already turned into events (the"
                    + " last `remember`). An item's id is the value at `id` in it, or else a hash of the whole"
                    + " item (so a changed item is a new event). With `since`, the largest value of"
                    + " `since.field` seen so far is sent in the query parameter `since.param` and items are"
                    + " taken in the order of that field; the event id is then the item's id and that value,"
                    + " so each update of an item is one event; without it, items are taken in the"
                    + " response's order. The API should return the items whose field"
                    + " is at least (>=) the value sent: those equal to it that were already seen are skipped,"
                    + " where a strictly greater (>) filter could miss items sharing the last value. Values are"
                    + " compared as numbers, or as strings (use ISO-8601 times of one format and zone). Items"
                    + " below the cursor's value are not events. Without `since`, every item of the response"
                    + " whose id was not seen is new, so `remember` must exceed the items one response holds."
                    + " Changing `id` or `since.field` starts afresh: the items of the next response become"
                    + " events again (unless their event ids are unchanged). `timeout` (default 30 s) bounds"
                    + " each poll's request; a response over 16 MiB fails the poll. With `conditional` (the"
                    + " default), a response's `ETag` and `Last-Modified` are kept in the cursor and the next"
                    + " poll of the same URL sends `If-None-Match` and `If-Modified-Since`: a `304 Not Modified`"
                    + " is a poll without events that costs the API an empty answer. They are kept only when"
                    + " the poll took every new item of the response.",
            TriggerKind.POLLING,
            Schemas.parse(
                    """
                            {"type": "object", "additionalProperties": false,
                             "oneOf": [{"required": ["url"]}, {"required": ["path"]}],
                             "properties": {
                               %s,
                               "items": {"type": "string", "default": "",
                                         "description": "JSON pointer to the array of items in the body, such as /data; \\"\\" when the body is the array."},
                               "id": {"type": "string",
                                      "description": "JSON pointer to the item's id inside an item, such as /id (a string or number); without it, a hash of the item"},
                               "since": {"type": "object", "required": ["field", "param"], "additionalProperties": false,
                                 "description": "{field: <JSON pointer inside an item, such as /updatedAt>, param: <query parameter to send the largest value seen in, such as updated_since>, initial: <optional value to send on the first poll>}",
                                 "properties": {
                                   "field": {"type": "string"},
                                   "param": {"type": "string", "minLength": 1},
                                   "initial": {"type": ["string", "number"]}}},
                               "remember": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1000,
                                            "description": "how many ids of items already turned into events the cursor keeps"},
                               "conditional": {"type": "boolean", "default": true,
                                               "description": "send the last response's ETag and Last-Modified back (If-None-Match, If-Modified-Since), so that an unchanged list is a 304"}}}
                            """
                            .formatted(Schemas.GET_PROPERTIES)),
            Schemas.parse("""
                    {"type": "object", "required": ["item"],
                     "properties": {
                       "item": {"description": "the new item, as the API returned it"}}}
                    """),
            List.of(new Example("New or updated tickets, asking only for what changed",
                    Schemas.parse("""
                            {"path": "/tickets", "query": {"status": "open"}, "items": "/data", "id": "/id",
                             "since": {"field": "/updated_at", "param": "updated_since",
                                       "initial": "2025-01-01T00:00:00Z"}}
                            """),
                    Schemas.parse(
                            """
                                    {"item": {"id": 7, "subject": "Printer on fire", "updated_at": "2025-03-04T10:15:00Z"}}
                                    """)),
                    new Example("New entries of a feed that returns the latest 50",
                            Schemas.parse(
                                    """
                                            {"url": "https://status.example.com/api/incidents.json", "items": "/incidents",
                                             "id": "/id"}
                                            """),
                            null)));

    private PollTrigger() {
    }

    /** The trigger's configuration, checked. */
    record Config(RequestInput request, JsonPointer items, JsonPointer id, JsonPointer sinceField,
            String sinceParam, JsonNode sinceInitial, int remember, boolean conditional) {

        static Config of(JsonNode config, URI baseUrl) throws ConnectorException {
            CONFIG.requireObject(config, FIELDS);
            RequestInput request = RequestInput.get(CONFIG, config, baseUrl);
            JsonPointer items = Pointers.of(CONFIG, config, "items", "");
            JsonPointer id = Pointers.of(CONFIG, config, "id", null);
            int remember = CONFIG.integer(config, "remember", DEFAULT_REMEMBER, 1, MAX_REMEMBER);
            JsonNode conditionalNode = config.get("conditional");
            if (conditionalNode != null && !conditionalNode.isNull() && !conditionalNode.isBoolean()) {
                throw CONFIG.invalid("conditional",
                        "must be true or false, but was " + conditionalNode.getNodeType());
            }
            boolean conditional = conditionalNode == null || conditionalNode.isNull()
                    || conditionalNode.booleanValue();
            JsonNode since = config.get("since");
            if (since == null || since.isNull()) {
                return new Config(request, items, id, null, null, null, remember, conditional);
            }
            Inputs in = new Inputs(CONFIG.what() + " since", CONFIG.code());
            if (!since.isObject()) {
                throw CONFIG.invalid("since",
                        "must be an object such as {\"field\": \"/updatedAt\", \"param\":"
                                + " \"updated_since\"}, but was " + since.getNodeType());
            }
            in.requireObject(since, Set.of("field", "param", "initial"));
            JsonPointer field = Pointers.compile(in, "field", in.required(since, "field", "/updatedAt"));
            String param = in.required(since, "param", "updated_since");
            JsonNode initial = since.get("initial");
            if (initial != null && !initial.isNull() && !initial.isTextual() && !initial.isNumber()) {
                throw in.invalid("initial", "must be a string or a number, but was " + initial.getNodeType());
            }
            return new Config(request, items, id, field, param,
                    initial == null || initial.isNull() ? null : initial,
                    remember, conditional);
        }
    }

    /** One item of a response: the event it would be, and its {@code since} value (or null). */
    private record Candidate(JsonNode item, String eventId, JsonNode since) {
    }

    static PollResult poll(HttpSystemClient http, PollRequest request) throws ConnectorException {
        Config config = Config.of(request.config(), http.baseUrl());
        PollCursor previous = PollCursor.read(request.cursor(), config, http.logger());
        // the lower bound of the since field: the cursor's value, or the configured first one
        JsonNode floor = previous.since() != null ? previous.since() : config.sinceInitial();
        RequestInput get = config.request();
        if (config.sinceField() != null && floor != null) {
            get = get.withUri(Paging.withParam(get.uri(), config.sinceParam(), floor.asText()));
        }
        Duration timeout = get.timeout() != null ? get.timeout() : DEFAULT_TIMEOUT;
        String url = get.uri().toString();
        Optional<Validators> validators = config.conditional()
                ? Validators.read(request.cursor())
                : Optional.empty();
        Map<String, String> conditions = validators.map(v -> v.headers(url)).orElse(Map.of());
        RequestInput sent = conditions.isEmpty() ? get : get.withHeaders(conditions);
        JsonNode body;
        Optional<Validators> answered;
        try (HttpTransport.Response response = http.exchange(sent, null, null, new Cancellation(), timeout,
                MAX_BYTES)) {
            if (!conditions.isEmpty() && Validators.notModified(response)) {
                // unchanged since the last poll, which took every new item of it: nothing new
                return new PollResult(List.of(), request.cursor(), false);
            }
            body = HttpSystemClient.output(get.target(), response).get("body");
            answered = config.conditional() ? Validators.of(url, response) : Optional.empty();
        }
        ArrayNode items = Pointers.items(body, config.items(), NAME + ": " + get.target(), "items");
        if (config.sinceField() == null && items.size() > config.remember()) {
            throw ConnectorException.permanent("http.config", NAME + " config: 'remember' is "
                    + config.remember() + ", but " + get.target() + " answered " + items.size()
                    + " items: raise 'remember' (up to " + MAX_REMEMBER + ") above the items one response"
                    + " holds, or ask the API for fewer, so that no item is taken for new again", null, null);
        }
        List<Candidate> all = new ArrayList<>();
        List<Candidate> fresh = new ArrayList<>();
        Set<String> seen = new HashSet<>(previous.seen());
        for (int i = 0; i < items.size(); i++) {
            Candidate c = candidate(config, items.get(i), i, get.target());
            all.add(c);
            if (c.since() != null) {
                // compared with the first item too, so that values of mixed types fail at once
                int order = compare(c.since(), floor != null ? floor : all.getFirst().since(), get.target());
                if (floor != null && order < 0) {
                    continue; // below the cursor: the API did not filter, and the item is not new
                }
            }
            if (seen.add(c.eventId())) {
                fresh.add(c); // neither seen before nor earlier in this response
            }
        }
        if (config.sinceField() != null) {
            // oldest first by the since field; the sort is stable, so equal values keep the response's order
            fresh.sort((a, b) -> compareUnchecked(a.since(), b.since()));
        }
        List<Candidate> taken = fresh.subList(0, Math.min(request.max(), fresh.size()));
        List<Event> events = new ArrayList<>();
        for (Candidate c : taken) {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.set("item", c.item());
            events.add(new Event(c.eventId(), data));
        }
        PollCursor next = config.sinceField() == null
                ? previous.afterWindow(all.stream().map(Candidate::eventId).toList(),
                        taken.stream().map(Candidate::eventId).collect(Collectors.toSet()))
                : previous.afterSince(taken.stream().map(c -> new PollCursor.Seen(c.eventId(), c.since()))
                        .toList());
        boolean more = fresh.size() > taken.size();
        JsonNode cursor = next.toJson();
        if (!more && answered.isPresent() && cursor instanceof ObjectNode object) {
            // kept only when nothing of this response is left for the next poll, which a 304 would skip
            object.set(Validators.FIELD, answered.get().toJson());
        }
        return new PollResult(events, cursor, more);
    }

    private static Candidate candidate(Config config, JsonNode item, int index, String target)
            throws ConnectorException {
        String id;
        if (config.id() == null) {
            id = PollCursor.hash(item);
        } else {
            JsonNode value = item.at(config.id());
            if (!value.isTextual() && !value.isNumber() || value.asText().isEmpty()) {
                throw badItem(target, index, "'id' (" + config.id() + ")", value);
            }
            id = value.asText();
        }
        if (config.sinceField() == null) {
            return new Candidate(item, id, null);
        }
        JsonNode since = item.at(config.sinceField());
        if (!since.isTextual() && !since.isNumber()) {
            throw badItem(target, index, "'since.field' (" + config.sinceField() + ")", since);
        }
        return new Candidate(item, id + "@" + since.asText(), since);
    }

    private static ConnectorException badItem(String target, int index, String field, JsonNode value) {
        return ConnectorException.permanent("http.response", NAME + ": item " + index + " of " + target
                + " has " + (value.isMissingNode() ? "nothing" : value.getNodeType().toString()) + " at "
                + field
                + ", where a string or a number was expected: point it at a field every item has", null,
                null);
    }

    /** Numbers compare as numbers, strings as strings; a mix is the config's error. */
    static int compare(JsonNode a, JsonNode b, String target) throws ConnectorException {
        if (a.isNumber() != b.isNumber()) {
            throw ConnectorException.permanent("http.response", NAME + ": the values of 'since.field' (and"
                    + " since.initial) must be all numbers or all strings, but " + target + " gave " + a
                    + " where "
                    + b + " was seen", null, null);
        }
        return compareUnchecked(a, b);
    }

    static int compareUnchecked(JsonNode a, JsonNode b) {
        return a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue())
                : a.asText().compareTo(b.asText());
    }
}
