package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.store.AuditChain;
import dev.weft.engine.store.AuditScope;
import dev.weft.server.http.Exchange;

/**
 * The before and after of a change, for its audit entry: digests of secret-free views, given before the
 * change commits (the entry is written in the same commit). A view leaves out what changes by itself
 * (timestamps), so that one change's after is the next one's before.
 */
final class AuditDigests {
    private AuditDigests() {
    }

    static void before(JsonNode view) {
        String digest = AuditChain.digest(view.toString());
        AuditScope.update(e -> e.withBefore(digest));
    }

    static void after(JsonNode view) {
        String digest = AuditChain.digest(view.toString());
        AuditScope.update(e -> e.withAfter(digest));
    }

    /** A view of named fields, in the order given: {@code fields("connector", "http", "config", {...})}. */
    static ObjectNode fields(Object... namesAndValues) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            o.set((String) namesAndValues[i], Exchange.JSON.valueToTree(namesAndValues[i + 1]));
        }
        return o;
    }
}
