package dev.weft.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisClientConfig;

class RedisConfigTest {

    @Test
    void defaultsArePort6379DatabaseZeroPlainTwoSeconds() throws ConnectorException {
        assertThat(RedisConfig.parse(LocalRedis.json("{\"host\": \"cache\"}")))
                .isEqualTo(new RedisConfig("cache", 6379, 0, false, 2_000, 16));
    }

    @Test
    void everyFieldIsRead() throws ConnectorException {
        assertThat(RedisConfig.parse(LocalRedis.json("{\"host\": \"cache\", \"port\": 6380, \"database\": 3,"
                + " \"tls\": true, \"timeout\": 500, \"maxConnections\": 4}")))
                .isEqualTo(new RedisConfig("cache", 6380, 3, true, 500, 4));
    }

    @Test
    void aMissingHostIsNamed() {
        assertThatThrownBy(() -> RedisConfig.parse(LocalRedis.json("{}")))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("redis.config");
                    assertThat(e.getMessage()).contains("config.host");
                });
    }

    @Test
    void badNumbersQuoteTheValue() {
        assertThatThrownBy(() -> RedisConfig.parse(LocalRedis.json("{\"host\": \"h\", \"port\": 70000}")))
                .hasMessageContaining("config.port").hasMessageContaining("70000");
        assertThatThrownBy(
                () -> RedisConfig.parse(LocalRedis.json("{\"host\": \"h\", \"timeout\": \"fast\"}")))
                .hasMessageContaining("config.timeout").hasMessageContaining("fast");
    }

    @Test
    void aSecretIsTheDefaultUsersPasswordAndBasicNamesTheUser() throws ConnectorException {
        RedisConfig config = new RedisConfig("h", 6379, 2, false, 1_000, 1);

        JedisClientConfig secret = config.clientConfig(Optional.of(new Credential.Secret("s3cret-value")),
                "n", 0);
        JedisClientConfig basic = config.clientConfig(Optional.of(new Credential.Basic("app", "pw-123456")),
                "n", 0);

        assertThat(secret.getUser()).isNull();
        assertThat(secret.getPassword()).isEqualTo("s3cret-value");
        assertThat(secret.getDatabase()).isEqualTo(2);
        assertThat(basic.getUser()).isEqualTo("app");
        assertThat(basic.getPassword()).isEqualTo("pw-123456");
        assertThat(config.describe(Optional.of(new Credential.Basic("app", "pw-123456"))))
                .isEqualTo("h:6379 database 2 as app");
    }

    @Test
    void tlsChecksTheServersHostName() throws ConnectorException {
        JedisClientConfig tls = new RedisConfig("h", 6379, 0, true, 1_000, 1).clientConfig(Optional.empty(),
                "n", 0);

        assertThat(tls.isSsl()).isTrue();
        assertThat(tls.getSslParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }

    @Test
    void aClientNameHasNoSpaces() {
        assertThat(RedisConfig.clientName("my system", "calls")).isEqualTo("weft-my_system-calls");
    }
}
