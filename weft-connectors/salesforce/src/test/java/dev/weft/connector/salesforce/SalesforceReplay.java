package dev.weft.connector.salesforce;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.util.Map;

/**
 * An org on the replay of Salesforce's documented REST API and Bulk API 2.0 ({@code replay/salesforce.json}),
 * with the platform's HTTP transport sending {@code Authorization: Bearer <access token>}, as the gateway's
 * OAuth 2.0 credentials send the token they got.
 */
final class SalesforceReplay {
    static final String TOKEN = "00DRO0000000canary!AQ8AQ.sf-canary-access-token-5c1e9f04b7";
    static final String EXPIRED = "expired-access-token-0000";

    private SalesforceReplay() {
    }

    static ReplayServer start() {
        return ReplayServer.start("replay/salesforce.json");
    }

    /** An org of {@code server} whose requests carry {@code token}; the test closes its transport. */
    static TestSystem system(ReplayServer server, String token) throws ConnectorException {
        return system(server, token, JsonNodeFactory.instance.objectNode().put("baseUrl", server.baseUrl()));
    }

    static TestSystem system(ReplayServer server, String token, ObjectNode config) throws ConnectorException {
        TestSystem system = TestSystem.named("crm").withConfig(config)
                .withCredential(new Credential.Bearer(token))
                .withHeaderAuth(Map.of("Authorization", "Bearer " + token));
        return system.withHttp(JettyTransport.start(system.systemId(), system.egress(), system.auth()));
    }
}
