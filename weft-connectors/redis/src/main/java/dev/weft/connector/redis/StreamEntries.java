package dev.weft.connector.redis;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Event;
import dev.weft.connector.EventSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Hands one stream entry to the sink and settles it with Redis as the sink answered: QUEUED or DUPLICATE
 * acknowledge it (XACK); REJECTED appends it to the dead-letter stream with the reason and acknowledges
 * it, in one Lua script so that the acknowledgement never happens without the dead letter (an ACL user
 * needs EVAL for it); FAILED leaves it pending, to be
 * claimed and handed over again. Used by one subscription thread at a time.
 */
final class StreamEntries {
    /** Fields the dead-letter entry adds to the rejected entry's own. */
    static final String REASON = "weft.reason";
    static final String SOURCE_ID = "weft.id";
    static final String SOURCE_STREAM = "weft.stream";
    static final String SOURCE_GROUP = "weft.group";
    static final String REJECTED = "rejected: the flow cannot start an execution from this entry (its data"
            + " does not fit the flow's input)";

    /**
     * Appends to the dead-letter stream, then acknowledges, in one script: Redis runs it without
     * interleaving, and an XADD that fails (the dead-letter key holds another type) stops it before the
     * XACK, so the entry stays pending rather than being lost. (MULTI/EXEC would still run the XACK.)
     */
    private static final String DEAD_LETTER = """
            local id = redis.call('XADD', KEYS[2], '*', unpack(ARGV, 3))
            redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
            return id
            """;

    private final StreamConfig config;
    private final EventSink sink;
    private final Logger log;

    StreamEntries(StreamConfig config, EventSink sink, Logger log) {
        this.config = config;
        this.sink = sink;
        this.log = log;
    }

    /** The event of an entry: its id is the stream's name and the entry's id, the same on every delivery. */
    Event event(StreamEntry entry) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("stream", config.stream());
        data.put("id", entry.getID().toString());
        ObjectNode fields = data.putObject("fields");
        new TreeMap<>(fields(entry)).forEach(fields::put);
        return new Event(config.stream() + ":" + entry.getID(), data);
    }

    /**
     * Hands {@code entry} over and settles it; returns false when this thread was interrupted, which ends
     * the subscription's loop (the entry stays pending).
     */
    boolean settle(Jedis jedis, StreamEntry entry) {
        EventSink.Outcome outcome;
        boolean interrupted = false;
        try {
            outcome = sink.accept(event(entry));
        } catch (InterruptedException e) {
            outcome = EventSink.Outcome.FAILED;
            interrupted = true;
        } catch (RuntimeException e) {
            log.warn("redis.stream {}: the platform failed to take entry {}; it stays pending",
                    config.stream(),
                    entry.getID(), e);
            outcome = EventSink.Outcome.FAILED;
        }
        switch (outcome == null ? EventSink.Outcome.FAILED : outcome) {
            case QUEUED, DUPLICATE -> jedis.xack(config.stream(), config.group(), entry.getID());
            case REJECTED -> deadLetter(jedis, entry);
            case FAILED ->
                log.debug("redis.stream {}: entry {} was not queued; it stays pending until claimed",
                        config.stream(), entry.getID());
        }
        return !interrupted;
    }

    private void deadLetter(Jedis jedis, StreamEntry entry) {
        Map<String, String> dead = new LinkedHashMap<>(fields(entry));
        dead.put(REASON, REJECTED);
        dead.put(SOURCE_STREAM, config.stream());
        dead.put(SOURCE_ID, entry.getID().toString());
        dead.put(SOURCE_GROUP, config.group());
        StreamEntryID id = entry.getID();
        List<String> args = new ArrayList<>(2 + dead.size() * 2);
        args.add(config.group());
        args.add(id.toString());
        dead.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        jedis.eval(DEAD_LETTER, List.of(config.stream(), config.deadLetter()), args);
        log.info("redis.stream {}: entry {} was rejected and moved to {}", config.stream(), id,
                config.deadLetter());
    }

    /** An entry deleted from the stream while pending comes back without fields. */
    private static Map<String, String> fields(StreamEntry entry) {
        return entry.getFields() == null ? Map.of() : entry.getFields();
    }
}
