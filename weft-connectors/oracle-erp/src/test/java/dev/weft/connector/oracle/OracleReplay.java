package dev.weft.connector.oracle;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.ReplayServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * An Oracle Fusion pod on the replay of Oracle's documented REST API ({@code replay/oracle.json}), with the
 * platform's HTTP transport and a Fusion user's name and password sent as HTTP Basic, as the gateway's basic auth
 * sends them.
 */
final class OracleReplay {
    static final String USER = "integration.user";
    static final String PASSWORD = "canary-oracle-pw-4e7b19c2";

    private OracleReplay() {
    }

    static ReplayServer start() {
        return ReplayServer.start("replay/oracle.json");
    }

    /** A system of {@code server} signing in with {@code password}; close its transport after use. */
    static TestSystem system(ReplayServer server, String password) throws ConnectorException {
        String basic = "Basic " + Base64.getEncoder()
                .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        TestSystem system = TestSystem.named("fusion")
                .withConfig(JsonNodeFactory.instance.objectNode().put("baseUrl", server.baseUrl()))
                .withCredential(new Credential.Basic(USER, password))
                .withHeaderAuth(Map.of("Authorization", basic));
        return system.withHttp(JettyTransport.start(system.systemId(), system.egress(), system.auth()));
    }
}
