package dev.weft.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.Engine;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.Trigger;
import dev.weft.engine.store.FlowVersion;
import dev.weft.server.http.ApiException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which flow version each {@code /hooks/<namespace>/<path>} starts, read from the latest flow versions.
 * Refreshed when this server deploys and, for deploys by other nodes, at most every few seconds.
 * Thread-safe.
 */
public final class WebhookRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookRoutes.class);
    private static final long REFRESH_MILLIS = 5_000;

    /** The flow a path starts and its webhook trigger's settings. */
    public record Target(FlowVersion version, Flow flow, JsonNode trigger) {
    }

    private record Table(Map<String, Target> byKey, long loadedAt) {
    }

    private final Engine engine;
    private volatile Table table;

    public WebhookRoutes(Engine engine) {
        this.engine = engine;
    }

    public void refresh() {
        table = null;
    }

    /** The target of {@code POST /hooks/<namespace>/<path>}, or null. */
    public Target find(String tenant, String namespace, String path) {
        return current(tenant).byKey().get(namespace + "/" + path);
    }

    /** Refuses (409) a flow whose webhook path another flow of its namespace already serves. */
    public void checkPathsFree(String tenant, Flow flow) {
        for (Trigger t : flow.triggers()) {
            if (!"webhook".equals(t.type())) {
                continue;
            }
            String path = t.config().path("path").asText();
            Target other = load(tenant).byKey().get(flow.namespace() + "/" + path);
            if (other != null && !other.flow().id().equals(flow.id())) {
                throw new ApiException(409, "webhook.path_taken", "webhook path '" + path + "' of namespace "
                        + flow.namespace() + " is already served by flow " + other.flow().qualifiedName()
                        + "; choose another path or remove the trigger there first");
            }
        }
    }

    private Table current(String tenant) {
        Table t = table;
        if (t == null || System.currentTimeMillis() - t.loadedAt() > REFRESH_MILLIS) {
            t = load(tenant);
            table = t;
        }
        return t;
    }

    private Table load(String tenant) {
        Map<String, Target> byKey = new HashMap<>();
        for (FlowVersion v : engine.store().latestFlowVersions(tenant)) {
            Flow flow;
            try {
                flow = engine.flow(v).flow();
            } catch (RuntimeException e) {
                LOG.warn("flow {}/{} v{} cannot be read for its webhooks: {}", v.namespace(), v.flowId(),
                        v.version(), e.getMessage());
                continue;
            }
            for (Trigger t : flow.triggers()) {
                if ("webhook".equals(t.type())) {
                    byKey.putIfAbsent(v.namespace() + "/" + t.config().path("path").asText(),
                            new Target(v, flow, t.config()));
                }
            }
        }
        return new Table(byKey, System.currentTimeMillis());
    }
}
