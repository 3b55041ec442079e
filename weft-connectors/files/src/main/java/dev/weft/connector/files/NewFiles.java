package dev.weft.connector.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.Inputs;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code files.new} polling trigger. The cursor is bounded: the last (modified, name) returned and
 * the names returned at exactly that time, {@code {"modified": "...", "names": [...]}}. Files younger
 * than {@code minAge} (by the injected clock) are left for a later poll, so every file older than the
 * cursor's time has been seen: a file that appears with an older modification time than the cursor
 * (moved in with its time kept) is not reported. Thread-safe: it holds only the store and the clock.
 */
final class NewFiles {
    static final String NAME = "files.new";
    private static final Inputs CONFIG = Inputs.ofTrigger(NAME);
    private final Store store;
    private final Clock clock;

    NewFiles(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    PollResult poll(PollRequest request) throws ConnectorException {
        JsonNode config = request.config();
        CONFIG.requireObject(config, Set.of("path", "glob", "minAge"));
        RelativePath dir = RelativePath.of("path", CONFIG.text(config, "path", ""));
        PathMatcher glob = Operations.glob(CONFIG, CONFIG.text(config, "glob", null));
        Duration minAge = Duration.ofMillis(CONFIG.integer(config, "minAge", 1000, 0, Integer.MAX_VALUE));
        Instant after = Instant.MIN;
        Set<String> seenAtAfter = new HashSet<>();
        JsonNode cursor = request.cursor();
        if (cursor != null && cursor.hasNonNull("modified")) {
            try {
                after = Instant.parse(cursor.get("modified").asText());
            } catch (DateTimeParseException e) {
                throw ConnectorException.permanent("files.cursor", NAME + ": the cursor's modified time '"
                        + cursor.get("modified").asText() + "' is not an instant", null, null);
            }
            cursor.path("names").forEach(n -> seenAtAfter.add(n.asText()));
        }
        Instant youngest = clock.instant().minus(minAge);
        List<Entry> fresh = new ArrayList<>();
        Store.Budget budget = new Store.Budget(Duration.ofMinutes(1), new Cancellation());
        for (Entry e : store.list(dir, budget)) {
            boolean newer = e.modified().isAfter(after)
                    || (e.modified().equals(after) && !seenAtAfter.contains(e.name()));
            if (!e.directory() && newer && !e.modified().isAfter(youngest)
                    && !e.name().matches("\\..*\\.weft-[0-9a-f-]{36}\\.tmp")
                    && (glob == null || glob.matches(Path.of(e.name())))) {
                fresh.add(e);
            }
        }
        fresh.sort(Comparator.comparing(Entry::modified).thenComparing(Entry::name));
        List<Entry> taken = fresh.subList(0, Math.min(request.max(), fresh.size()));
        List<Event> events = new ArrayList<>();
        Instant last = after;
        Set<String> lastNames = new HashSet<>(seenAtAfter);
        for (Entry e : taken) {
            events.add(new Event(e.path() + "@" + e.modified() + ":" + e.size(), eventData(e)));
            if (!e.modified().equals(last)) {
                last = e.modified();
                lastNames.clear();
            }
            lastNames.add(e.name());
        }
        return new PollResult(events, cursor(last, lastNames, cursor), fresh.size() > taken.size());
    }

    private static JsonNode cursor(Instant last, Set<String> names, JsonNode previous) {
        if (last.equals(Instant.MIN)) {
            return previous == null ? JsonNodeFactory.instance.objectNode() : previous;
        }
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("modified", last.toString());
        ArrayNode n = c.putArray("names");
        names.stream().sorted().forEach(n::add);
        return c;
    }

    private static ObjectNode eventData(Entry e) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("name", e.name());
        data.put("path", e.path().toString());
        data.put("size", e.size());
        data.put("modified", e.modified().toString());
        return data;
    }
}
