package dev.weft.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.sync.SyncLink;
import dev.weft.engine.store.sync.SyncSide;
import java.util.EnumMap;
import java.util.Map;

/** One record of a page on its way through a {@link PageProcessor}. Not thread-safe. */
final class PageItem {
    final JsonNode record;
    final String key;
    ObjectNode out;
    String hash;
    SyncLink link;
    JsonNode other;
    String otherKey;
    final Map<SyncSide, ObjectNode> writes = new EnumMap<>(SyncSide.class);
    final Map<SyncSide, JsonNode> after = new EnumMap<>(SyncSide.class);
    boolean created;
    boolean failed;

    PageItem(JsonNode record, String key) {
        this.record = record;
        this.key = key;
    }
}
