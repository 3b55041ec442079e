package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.SystemClient;
import dev.weft.gateway.transport.JettyTransport;
import dev.weft.testkit.connector.TestSystem;

/**
 * Opens the http connector on a test system as the gateway does: with the platform's HTTP transport
 * ({@link JettyTransport}) started on the system's egress rules and auth, and stopped when the client
 * closes.
 */
final class PlatformHttp {
    private PlatformHttp() {
    }

    /** {@code system} with a transport of its own, which nothing stops (for a contract's system). */
    static TestSystem withTransport(TestSystem system) throws ConnectorException {
        return system.withHttp(JettyTransport.start(system.systemId(), system.egress(), system.auth()));
    }

    static SystemClient open(TestSystem system) throws ConnectorException {
        JettyTransport transport = JettyTransport.start(system.systemId(), system.egress(), system.auth());
        SystemClient client = new HttpConnector().open(system.withHttp(transport));
        return new SystemClient() {
            @Override
            public JsonNode invoke(Call call) throws ConnectorException {
                return client.invoke(call);
            }

            @Override
            public boolean repeatable(Call call) {
                return client.repeatable(call);
            }

            @Override
            public boolean cacheable(Call call) {
                return client.cacheable(call);
            }

            @Override
            public String destination(Call call) {
                return client.destination(call);
            }

            @Override
            public ConnectionTest test() {
                return client.test();
            }

            @Override
            public PollResult poll(PollRequest request) throws ConnectorException {
                return client.poll(request);
            }

            @Override
            public void close() {
                client.close();
                transport.close();
            }
        };
    }
}
