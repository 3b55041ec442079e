package dev.weft.connector.dolibarr;

import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.util.Map;

/**
 * A Dolibarr system on the replay of Dolibarr's documented API ({@code replay/dolibarr.json}), with the
 * platform's HTTP transport and an API key sent in {@code DOLAPIKEY}, as the gateway's API key auth sends it.
 */
final class DolibarrReplay {
    static final String KEY = "canary-dolapikey-5b1e0c93f7a2d4";

    private DolibarrReplay() {
    }

    static ReplayServer start() {
        return ReplayServer.start("replay/dolibarr.json");
    }

    /** A system of {@code server} whose requests carry {@code key}; its transport is closed with the JVM. */
    static TestSystem system(ReplayServer server, String key) throws ConnectorException {
        TestSystem system = TestSystem.named("erp")
                .withConfig(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                        .put("baseUrl", server.baseUrl()))
                .withCredential(new Credential.ApiKey(Credential.ApiKey.Location.HEADER, "DOLAPIKEY", key))
                .withHeaderAuth(Map.of("DOLAPIKEY", key));
        return system.withHttp(JettyTransport.start(system.systemId(), system.egress(), system.auth()));
    }
}
