package dev.weft.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.catalog.FlowCatalog;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.Trigger;
import dev.weft.engine.store.FlowVersion;
import dev.weft.server.http.ApiException;
import java.util.HashMap;
import java.util.Map;

/**
 * Which flow version each {@code /hooks/<namespace>/<path>} starts: a view of the engine's
 * {@link FlowCatalog}, current as soon as this server deploys, and within the catalogue's poll of the
 * event feed when another node does. Thread-safe.
 */
public final class WebhookRoutes {
    private static final String DEFAULT_TENANT = dev.weft.engine.store.ExecutionStore.DEFAULT_TENANT;
    /** The flow a path starts and its webhook trigger's settings. */
    public record Target(FlowVersion version, Flow flow, JsonNode trigger) {
    }

    /** {@code namespace/path} to its target; the first flow (by namespace and id) keeps a path. */
    private static final FlowCatalog.View<Map<String, Target>> ROUTES = entries -> {
        Map<String, Target> byKey = new HashMap<>();
        for (FlowCatalog.Entry e : entries) {
            for (Trigger t : e.triggers("webhook")) {
                byKey.putIfAbsent(e.version().namespace() + "/" + t.config().path("path").asText(),
                        new Target(e.version(), e.flow(), t.config()));
            }
        }
        return byKey;
    };

    private final FlowCatalog catalog;

    public WebhookRoutes(FlowCatalog catalog) {
        this.catalog = catalog;
    }

    /** The target of {@code POST /hooks/<namespace>/<path>}, or null. */
    public Target find(String tenant, String namespace, String path) {
        return catalog.view(tenant, ROUTES).get(namespace + "/" + path);
    }

    /** Refuses (409) a flow whose webhook path another flow of its namespace already serves. */
    public void checkPathsFree(String tenant, Flow flow) {
        for (Trigger t : flow.triggers()) {
            if (!"webhook".equals(t.type())) {
                continue;
            }
            String path = t.config().path("path").asText();
            Target other = find(tenant, flow.namespace(), path);
            if (other != null && !other.flow().id().equals(flow.id())) {
                throw new ApiException(409, "webhook.path_taken", "webhook path '" + path + "' of namespace "
                        + flow.namespace() + " is already served by flow " + other.flow().qualifiedName()
                        + "; choose another path or remove the trigger there first");
            }
            // One URL, two readings: /hooks/<tenant>/<ns>/<path> and the default tenant's namespace <tenant>.
            String url = "/hooks/" + tenant + "/" + flow.namespace() + "/" + path;
            if (!tenant.equals(DEFAULT_TENANT)
                    && find(DEFAULT_TENANT, tenant, flow.namespace() + "/" + path) != null) {
                throw new ApiException(409, "webhook.url_taken", url + " is the default tenant's webhook (its"
                        + " namespace " + tenant + ", path " + flow.namespace() + "/" + path
                        + "); choose another"
                        + " path or namespace");
            }
            int slash = path.indexOf('/');
            if (tenant.equals(DEFAULT_TENANT) && slash > 0
                    && find(flow.namespace(), path.substring(0, slash), path.substring(slash + 1)) != null) {
                throw new ApiException(409, "webhook.url_taken", "/hooks/" + flow.namespace() + "/" + path
                        + " is tenant " + flow.namespace() + "'s webhook; choose another path or namespace");
            }
        }
    }
}
