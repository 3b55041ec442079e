package dev.weft.connector.nats;

import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector contract against the NATS server on this machine, with streams of this run's own. The
 * server has no authentication and ignores the system's token, which serves as the suite's canary.
 */
class NatsConnectorContractIT extends ConnectorContract {
    @RegisterExtension
    static final RequiredService NATS = JetStreamServer.NATS;
    private static JetStreamServer server;
    private static String stream;
    private static String subject;
    private static String ensured;

    @BeforeAll
    static void create() throws Exception {
        server = new JetStreamServer();
        stream = JetStreamServer.unique("CONTRACT");
        subject = stream.toLowerCase(java.util.Locale.ROOT);
        server.stream(stream, subject + ".>");
        ensured = JetStreamServer.unique("ENSURED");
        server.deleteLater(ensured);
    }

    @AfterAll
    static void delete() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Connector connector() {
        return new NatsConnector();
    }

    @Override
    protected TestSystem system() {
        return JetStreamServer.system("contract");
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(
                call("nats.ensure_stream", "{\"name\": \"" + ensured + "\", \"subjects\": [\"" + ensured
                        .toLowerCase(java.util.Locale.ROOT) + ".>\"], \"storage\": \"memory\"}"),
                call("nats.publish", "{\"subject\": \"" + subject + ".orders\", \"data\": {\"orderId\": 42},"
                        + " \"headers\": {\"source\": \"contract\", \"tags\": [\"a\", \"b\"]}}"),
                call("nats.publish", "{\"subject\": \"" + subject + ".csv\", \"data\": \"a,b\\n1,2\","
                        + " \"contentType\": \"text/csv\"}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(
                call("nats.publish",
                        "{\"subject\": \"" + JetStreamServer.unique("nobody") + "\", \"data\": 1}"),
                call("nats.publish", "{\"subject\": \"" + subject + ".x\"}"),
                call("nats.publish", "{\"subject\": \"" + subject + ".*\", \"data\": 1}"),
                call("nats.ensure_stream", "{\"name\": \"" + stream + "\", \"subjects\": [\"elsewhere.>\"]}"),
                call("nats.purge", "{}"));
    }
}
