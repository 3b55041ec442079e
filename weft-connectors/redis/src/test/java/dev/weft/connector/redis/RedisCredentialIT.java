package dev.weft.connector.redis;

import static dev.weft.connector.redis.LocalRedis.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.EventSink.Outcome;
import dev.weft.connector.SystemClient;
import dev.weft.testkit.services.RequiredService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A system whose credential the local Redis refuses (it has no password, and no user of the canary's
 * name): every failure says the credential was refused and what to do, and none contains the password.
 * This stands in for the contract suite's canary check, whose system has no credential.
 */
class RedisCredentialIT {
    @RegisterExtension
    static final RequiredService REDIS = LocalRedis.REDIS;
    private static final String CANARY = "canary-password-5d1e97b3c2a4";
    private static final String P = LocalRedis.uniquePrefix("credential");

    @AfterAll
    static void cleanUp() {
        LocalRedis.deleteAll(P);
    }

    @Test
    void aPasswordTheServerDoesNotExpectFailsCallsWithoutShowingIt() throws ConnectorException {
        try (SystemClient client = open(new Credential.Secret(CANARY))) {
            assertThatThrownBy(() -> client.invoke(call("redis.get", "{\"key\": \"" + P + "k\"}")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("redis.auth");
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.getMessage())
                                .contains("no password set", "remove the system's credential")
                                .doesNotContain(CANARY);
                        assertThat(String.valueOf(e.details())).doesNotContain(CANARY);
                    });
        }
    }

    @Test
    void anUnknownAclUserFailsCallsWithWrongpassAndWithoutThePassword() throws ConnectorException {
        try (SystemClient client = open(new Credential.Basic("weft-canary-user", CANARY))) {
            assertThatThrownBy(
                    () -> client.invoke(call("redis.set", "{\"key\": \"" + P + "k\", \"value\": \"v\"}")))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("redis.auth");
                        assertThat(e.getMessage()).contains("WRONGPASS", "as weft-canary-user",
                                "check the credential's user and password").doesNotContain(CANARY);
                    });
        }
    }

    @Test
    void theConnectionTestReportsTheRefusalWithoutThePassword() throws ConnectorException {
        for (Credential credential : new Credential[]{new Credential.Secret(CANARY),
                new Credential.Basic("weft-canary-user", CANARY)}) {
            try (SystemClient client = open(credential)) {
                ConnectionTest verdict = client.test();
                assertThat(verdict.ok()).isFalse();
                assertThat(verdict.message()).contains("refused the credential").doesNotContain(CANARY);
            }
        }
    }

    @Test
    void aTriggerIsRefusedAtSubscribeWithoutThePassword() throws ConnectorException {
        try (SystemClient client = open(new Credential.Secret(CANARY))) {
            assertThatThrownBy(() -> client.subscribe("redis.stream",
                    LocalRedis.json("{\"stream\": \"" + P + "s\", \"group\": \"g\"}"),
                    RecordingSink.always(Outcome.QUEUED)))
                    .isInstanceOfSatisfying(ConnectorException.class, e -> {
                        assertThat(e.code()).isEqualTo("redis.auth");
                        assertThat(e.getMessage()).doesNotContain(CANARY);
                    });
        }
    }

    @Test
    void aCredentialOfAnotherKindIsRefusedWhenOpening() {
        assertThatThrownBy(() -> open(new Credential.Bearer(CANARY)))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("redis.credential");
                    assertThat(e.getMessage()).contains("bearer").doesNotContain(CANARY);
                });
    }

    private static SystemClient open(Credential credential) throws ConnectorException {
        return new RedisConnector().open(LocalRedis.system("credential").withCredential(credential));
    }
}
