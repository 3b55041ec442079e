package dev.weft.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void headersWhoseNamesSayTheyCarryASecretAreRedacted() {
        for (String name : List.of("Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "X-API_KEY",
                "X-Functions-Key", "Ocp-Apim-Subscription-Key", "X-Signing-Key", "X-Access-Token",
                "X-Client-Secret",
                "X-Password", "webhook-signature", "X-Session-Id", "X-Credential")) {
            assertThat(Redaction.secretName(name)).as(name).isTrue();
        }
        for (String name : List.of("X-Env", "X-Tenant", "Content-Language", "X-Request-Id")) {
            assertThat(Redaction.secretName(name)).as(name).isFalse();
        }
        assertThat(Redaction.headers(java.util.Map.of("X-Functions-Key", "abc", "X-Env", "prod")))
                .containsEntry("X-Functions-Key", Redaction.REDACTED).containsEntry("X-Env", "prod");
    }
}
