package dev.weft.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.connector.TestEgress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A database host is put to the egress rules before anything connects: a refused host is not contacted
 * (a listener on its port sees no connection) and the client does not open; an allowed one works.
 */
class SqlEgressIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aRefusedHostIsNotContactedAndTheClientDoesNotOpen(TestDatabase db) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            listener.configureBlocking(false);
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            var system = db.system().withConfig(db.config().put("port", port))
                    .withEgress(TestEgress.REFUSE_ALL);

            assertThatThrownBy(() -> db.connector.open(system))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("egress.refused");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains(db.id() + " host 127.0.0.1");
                    });
            // A connection made while opening would be waiting in the listener's backlog by now.
            assertThat(listener.accept()).as("a connection to the refused host").isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anAllowedHostIsConnectedTo(TestDatabase db) throws Exception {
        db.service.require();
        try (SystemClient client = db.connector.open(db.system().withEgress(TestEgress.LOOPBACK))) {
            var out = client
                    .invoke(new Call(db.id() + ".query", JSON.readTree("{\"sql\": \"SELECT 1 AS one\"}"),
                            "k", Duration.ofSeconds(10), new Cancellation()));
            assertThat(out.at("/rows/0/one").asInt()).isEqualTo(1);
        }
    }
}
