package dev.weft.connector.erpnext;

import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.util.Map;

/**
 * An ERPNext site on the replay of Frappe's documented API ({@code replay/erpnext.json}), with the
 * platform's HTTP transport and an API key sent as {@code Authorization: token key:secret}, as the gateway's API key auth sends it.
 */
final class ErpNextReplay {
    static final String KEY = "token canary-erpkey-3c9d:canary-erpsecret-71fa0e5b";

    private ErpNextReplay() {
    }

    static ReplayServer start() {
        return ReplayServer.start("replay/erpnext.json");
    }

    /** A system of {@code server} whose requests carry {@code key}; its transport is closed with the JVM. */
    static TestSystem system(ReplayServer server, String key) throws ConnectorException {
        TestSystem system = TestSystem.named("erp")
                .withConfig(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        .put("baseUrl", server.baseUrl()))
                .withCredential(
                        new Credential.ApiKey(Credential.ApiKey.Location.HEADER, "Authorization", key))
                .withHeaderAuth(Map.of("Authorization", key));
        return system.withHttp(JettyTransport.start(system.systemId(), system.egress(), system.auth()));
    }
}
