package dev.weft.connector.sap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.replay.HostMapping;
import dev.weft.testkit.replay.ReplayServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * SAP OData services on the replay of their documented exchanges ({@code replay/sap.json}): the business
 * partner and sales order APIs over OData 2.0 and the sales order service over OData 4.0, with the platform's
 * HTTP transport and the Basic header the gateway's basic auth sends for a communication user.
 */
final class SapReplay {
    static final String HOST = "https://s4.example.com";
    static final String BUSINESS_PARTNER = HOST + "/sap/opu/odata/sap/API_BUSINESS_PARTNER";
    static final String SALES_ORDER = HOST + "/sap/opu/odata/sap/API_SALES_ORDER_SRV";
    static final String SALES_ORDER_V4 = HOST
            + "/sap/opu/odata4/sap/api_salesorder/srvd_a2x/sap/salesorder/0001";
    static final String USER = "COMM_USER";
    static final String PASSWORD = "canary-sap-password-71c2e9";

    private SapReplay() {
    }

    static ReplayServer start() {
        return ReplayServer.start("replay/sap.json");
    }

    /** A system of the service at {@code serviceUrl}; close its transport after the test. */
    static TestSystem system(ReplayServer server, String serviceUrl, String version, String sapClient,
            String password) throws ConnectorException {
        String basic = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
        ObjectNode config = JsonNodeFactory.instance.objectNode().put("serviceUrl", serviceUrl).put("version",
                version);
        if (sapClient != null) {
            config.put("sapClient", sapClient);
        }
        TestSystem system = TestSystem.named("s4").withConfig(config)
                .withCredential(new Credential.Basic(USER, password))
                .withHeaderAuth(Map.of("Authorization", basic));
        return system.withHttp(new HostMapping(JettyTransport.start(system.systemId(), system.egress(),
                system.auth()), HOST, server.baseUrl()));
    }

    static TestSystem system(ReplayServer server, String serviceUrl, String version, String sapClient)
            throws ConnectorException {
        return system(server, serviceUrl, version, sapClient, PASSWORD);
    }

    static void close(TestSystem system) {
        ((HostMapping) system.http()).close();
    }
}
