package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.WeftClient;
import dev.weft.engine.catalog.FlowCatalog;
import dev.weft.engine.flow.Trigger;
import dev.weft.engine.store.TriggerCursorStore;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import dev.weft.server.triggers.ConnectorTriggers;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/flows/{namespace}/{id}/triggers/{trigger}/cursor}: how far a flow's polling connector trigger
 * (the {@code trigger}th of the flow, from 1) has read its system, and resetting it so that the next poll is
 * its first. A poll running during a reset does not write its cursor back (the store's compare-and-set). The
 * cursor is the connector's own JSON; it holds positions (times, ids, page tokens), never a secret. Thread-safe.
 */
public final class TriggerCursorsApi {
    private final WeftClient client;
    private final FlowCatalog catalog;
    private final TriggerCursorStore cursors;

    public TriggerCursorsApi(WeftClient client, FlowCatalog catalog, TriggerCursorStore cursors) {
        this.client = client;
        this.catalog = catalog;
        this.cursors = cursors;
    }

    public List<Route> routes() {
        String path = "/api/v1/flows/{namespace}/{id}/triggers/{trigger}/cursor";
        return List.of(Route.api("GET", path, this::get), Route.api("DELETE", path, this::reset));
    }

    private void get(Exchange x) {
        String key = key(x);
        JsonNode cursor = cursors.cursor(x.tenant(), key).orElseThrow(() -> ApiException.notFound("trigger "
                + x.param("trigger") + " of flow " + x.param("namespace") + "/" + x.param("id")
                + " has no cursor yet: it has not polled, or its cursor was reset"));
        ObjectNode body = Exchange.JSON.createObjectNode();
        body.set("cursor", cursor);
        x.json(200, body);
    }

    private void reset(Exchange x) {
        String key = key(x);
        Optional<JsonNode> before = cursors.cursor(x.tenant(), key);
        before.ifPresent(AuditDigests::before);
        cursors.deleteCursor(x.tenant(), key);
        x.send(204, null, new byte[0], Map.of());
    }

    /** The trigger's key, after checking that the caller sees the flow and that the trigger polls a system. */
    private String key(Exchange x) {
        String namespace = x.param("namespace");
        String id = x.param("id");
        client.latestFlow(x.caller(), namespace, id)
                .orElseThrow(() -> ApiException.notFound("no flow " + namespace + "/" + id));
        List<Trigger> triggers = catalog.latest(x.tenant(), namespace, id)
                .map(e -> e.flow().triggers())
                .orElseThrow(() -> ApiException.notFound("no flow " + namespace + "/" + id));
        int index;
        try {
            index = Integer.parseInt(x.param("trigger"));
        } catch (NumberFormatException e) {
            index = 0;
        }
        if (index < 1 || index > triggers.size()) {
            throw ApiException.notFound("flow " + namespace + "/" + id + " has " + triggers.size()
                    + (triggers.size() == 1 ? " trigger" : " triggers")
                    + ", numbered from 1 in the order of its"
                    + " file; there is no trigger '" + x.param("trigger") + "'");
        }
        Trigger trigger = triggers.get(index - 1);
        if (!trigger.type().contains(".")) {
            throw ApiException.notFound("trigger " + index + " of flow " + namespace + "/" + id + " is a "
                    + trigger.type() + " trigger, which keeps no cursor (connector triggers such as"
                    + " http.poll do)");
        }
        return ConnectorTriggers.key(namespace, id, index);
    }
}
