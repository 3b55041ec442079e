package dev.weft.connector.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import java.net.SocketTimeoutException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

class FailuresTest {
    private static final String SECRET = "hunter2-but-longer";
    private final Failures failures = new Failures("h:6379 database 0 as default",
            Optional.of(new Credential.Secret(SECRET)));

    @Test
    void aPasswordEchoedByTheServerIsRedacted() {
        ConnectorException e = failures.of("redis.get", new JedisDataException("ERR weird " + SECRET));

        assertThat(e.getMessage()).doesNotContain(SECRET).contains("ERR weird ***");
    }

    @Test
    void refusedCredentialsArePermanentAuthErrors() {
        assertThat(
                failures.of("redis.get", new JedisAccessControlException("WRONGPASS invalid username-password"
                        + " pair or user is disabled.")))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo("redis.auth");
                    assertThat(e.retryable()).isFalse();
                });
        assertThat(
                failures.of("redis.get", new JedisAccessControlException("NOAUTH Authentication required.")))
                .satisfies(e -> assertThat(e.getMessage()).contains("give the system a credential"));
        assertThat(failures.of("redis.get",
                new JedisAccessControlException("NOPERM this user has no permissions"
                        + " to run the 'get' command")))
                .satisfies(e -> assertThat(e.code()).isEqualTo("redis.permission"));
    }

    @Test
    void aServerThatIsLoadingIsRetryable() {
        assertThat(failures.of("redis.get", new JedisDataException("LOADING Redis is loading the dataset in"
                + " memory"))).satisfies(e -> {
                    assertThat(e.code()).isEqualTo("redis.unavailable");
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void aTimeoutIsRetryable() {
        assertThat(
                failures.of("redis.get", new JedisConnectionException(new SocketTimeoutException("Read timed"
                        + " out"))))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo("redis.timeout");
                    assertThat(e.retryable()).isTrue();
                });
    }
}
