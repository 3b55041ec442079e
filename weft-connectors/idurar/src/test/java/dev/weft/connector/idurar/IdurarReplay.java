package dev.weft.connector.idurar;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.util.Map;

/**
 * An IDURAR system on the replay of IDURAR's documented API ({@code replay/idurar.json}), with the platform's
 * HTTP transport and the token IDURAR's login answers sent as {@code Authorization: Bearer <token>}, as the
 * gateway sends a session login's token.
 */
final class IdurarReplay {
    static final String TOKEN = "canary-idurar-jwt-9f4c2a7e51b3d8";
    static final String EXPIRED = "canary-expired-jwt-0c1d2e3f4a5b";
    static final String LOGGED_OUT = "canary-logged-out-jwt-77aa8bb9";

    private IdurarReplay() {
    }

    static ReplayServer start() {
        return ReplayServer.start("replay/idurar.json");
    }

    /** A system of {@code server} whose requests carry {@code token}; close its transport after use. */
    static TestSystem system(ReplayServer server, String token) throws ConnectorException {
        TestSystem system = TestSystem.named("crm")
                .withConfig(JsonNodeFactory.instance.objectNode().put("baseUrl", server.baseUrl()))
                .withCredential(new Credential.Bearer(token))
                .withHeaderAuth(Map.of("Authorization", "Bearer " + token));
        return system.withHttp(JettyTransport.start(system.systemId(), system.egress(), system.auth()));
    }
}
