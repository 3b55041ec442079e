package dev.weft.connector.dynamics;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.HostMapping;
import dev.weft.testkit.replay.ReplayServer;
import java.util.Map;

/**
 * A Dataverse environment on the replay of the Web API's documented exchanges ({@code replay/dynamics.json}),
 * with the platform's HTTP transport and the bearer token the gateway's oauth2ClientCredentials auth would
 * send.
 */
final class DynamicsReplay {
    static final String ORG = "https://contoso.crm.dynamics.com";
    static final String TOKEN = "canary-dataverse-token-8c41f2";
    static final String CLIENT_SECRET = "canary-client-secret-3f9a0d71e5";

    private DynamicsReplay() {
    }

    static ReplayServer start() {
        return ReplayServer.start("replay/dynamics.json");
    }

    /** A system of {@code server} whose requests carry {@code token}; close its transport after the test. */
    static TestSystem system(ReplayServer server, String token) throws ConnectorException {
        TestSystem system = TestSystem.named("crm")
                .withConfig(JsonNodeFactory.instance.objectNode().put("baseUrl", ORG))
                .withCredential(new Credential.OAuth2ClientCredentials(
                        "https://login.microsoftonline.com/72f988bf-0000-4000-8000-000000000000/oauth2/v2.0/token",
                        "51f81489-12ee-4a9e-aaae-a2591f45987d", CLIENT_SECRET,
                        ORG + "/.default"))
                .withHeaderAuth(Map.of("Authorization", "Bearer " + token));
        return system.withHttp(new HostMapping(JettyTransport.start(system.systemId(), system.egress(),
                system.auth()), ORG, server.baseUrl()));
    }

    static void close(TestSystem system) {
        ((HostMapping) system.http()).close();
    }
}
