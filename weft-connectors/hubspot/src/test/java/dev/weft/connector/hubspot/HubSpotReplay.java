package dev.weft.connector.hubspot;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A HubSpot system on the replay of HubSpot's documented API ({@code replay/hubspot.json}), with the
 * platform's HTTP transport and a private app's token sent as {@code Authorization: Bearer}, as the gateway's
 * bearer auth sends it. Its clock stands at 2026-12-06T10:00:00Z.
 */
final class HubSpotReplay {
    static final String TOKEN = "pat-na1-canary-3f9b2c71-5e0d-4a8e-9c6b-1d2e3f4a5b6c";
    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    private HubSpotReplay() {
    }

    static ReplayServer start() {
        return ReplayServer.start("replay/hubspot.json");
    }

    /** A system of {@code server} whose requests carry {@code token}; close its transport after the test. */
    static TestSystem system(ReplayServer server, String token) throws ConnectorException {
        TestSystem system = TestSystem.named("crm")
                .withConfig(JsonNodeFactory.instance.objectNode().put("baseUrl", server.baseUrl()))
                .withCredential(new Credential.Bearer(token))
                .withHeaderAuth(Map.of("Authorization", "Bearer " + token))
                .withClock(Clock.fixed(NOW, ZoneOffset.UTC));
        return system.withHttp(JettyTransport.start(system.systemId(), system.egress(), system.auth()));
    }
}
