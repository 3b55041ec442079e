package dev.weft.connector.redis;

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
import org.junit.jupiter.api.Test;

/**
 * A Redis host is put to the egress rules before anything connects: a refused host is not contacted (a
 * listener on its port sees no connection) and the client does not open; an allowed one works.
 */
class RedisEgressIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRefusedHostIsNotContactedAndTheClientDoesNotOpen() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            listener.configureBlocking(false);
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            var system = LocalRedis.system("refused").withConfig(LocalRedis.config().put("port", port))
                    .withEgress(TestEgress.REFUSE_ALL);

            assertThatThrownBy(() -> new RedisConnector().open(system))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("egress.refused");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage()).contains("redis host 127.0.0.1");
                    });
            // A connection made while opening would be waiting in the listener's backlog by now.
            assertThat(listener.accept()).as("a connection to the refused host").isNull();
        }
    }

    @Test
    void anAllowedHostIsConnectedTo() throws Exception {
        LocalRedis.REDIS.require();
        String key = LocalRedis.uniquePrefix("egress") + ":k";
        try (SystemClient client = new RedisConnector()
                .open(LocalRedis.system("allowed").withEgress(TestEgress.LOOPBACK))) {
            client.invoke(new Call("redis.set", JSON.readTree("{\"key\": \"" + key + "\", \"value\": \"v\"}"),
                    "k1", Duration.ofSeconds(10), new Cancellation()));
            var out = client.invoke(new Call("redis.get", JSON.readTree("{\"key\": \"" + key + "\"}"), "k2",
                    Duration.ofSeconds(10), new Cancellation()));
            assertThat(out.get("value").asText()).isEqualTo("v");
        }
    }
}
