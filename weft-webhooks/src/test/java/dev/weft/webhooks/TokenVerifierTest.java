package dev.weft.webhooks;

import static dev.weft.webhooks.Fixtures.at;
import static dev.weft.webhooks.Fixtures.delivered;
import static dev.weft.webhooks.Fixtures.secrets;
import static dev.weft.webhooks.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.webhooks.Verdict.Accepted;
import dev.weft.webhooks.Verdict.Reason;
import dev.weft.webhooks.Verdict.Refused;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
    private static final String TOKEN = "s3cr3t-t0ken";
    private static final byte[] BODY = utf8("{\"a\": 1}");

    private static Verdict verify(TokenSpec spec, Delivery delivery, String... secrets) {
        return WebhookVerifier.of(spec, at(0)).verify(delivery, secrets(secrets));
    }

    private static Delivery withHeader(String name, String value) {
        return Delivery.builder(BODY).header(name, value).build();
    }

    @Test
    void acceptsABearerTokenInTheAuthorizationHeader() {
        TokenSpec spec = TokenSpec.bearer("partner-token");

        assertThat(verify(spec, withHeader("Authorization", "Bearer " + TOKEN), TOKEN))
                .isEqualTo(new Accepted(Optional.empty()));
        assertThat(verify(spec, withHeader("authorization", "bearer " + TOKEN), TOKEN).accepted()).isTrue();
    }

    @Test
    void refusesAWrongTokenAndATokenWithoutTheBearerPrefix() {
        TokenSpec spec = TokenSpec.bearer("partner-token");

        assertThat(verify(spec, withHeader("Authorization", "Bearer wrong"), TOKEN))
                .isEqualTo(
                        new Refused(Reason.TOKEN_INVALID, "the token in header Authorization is not valid"));
        assertThat(verify(spec, withHeader("Authorization", "Bearer " + TOKEN + "x"), TOKEN).accepted())
                .isFalse();
        assertThat(verify(spec, withHeader("Authorization", TOKEN), TOKEN)).isEqualTo(new Refused(
                Reason.TOKEN_INVALID, "header Authorization must be one value of the form 'Bearer <token>'"));
    }

    @Test
    void refusesAMissingToken() {
        assertThat(verify(TokenSpec.bearer("partner-token"), Delivery.builder(BODY).build(), TOKEN))
                .isEqualTo(new Refused(Reason.TOKEN_MISSING, "missing header Authorization"));
        assertThat(verify(TokenSpec.query("partner-token", "token"), Delivery.builder(BODY).build(), TOKEN))
                .isEqualTo(new Refused(Reason.TOKEN_MISSING, "missing query parameter token"));
    }

    @Test
    void acceptsATokenInAConfiguredHeaderWithoutPrefix() {
        TokenSpec spec = new TokenSpec("partner-token", TokenSpec.Source.HEADER, "X-Webhook-Token", "",
                Optional.of("X-Request-Id"));
        Delivery delivery = Delivery.builder(BODY).header("x-webhook-token", TOKEN)
                .header("X-Request-Id", "req-9")
                .build();

        assertThat(verify(spec, delivery, TOKEN)).isEqualTo(new Accepted(Optional.of("req-9")));
    }

    @Test
    void acceptsATokenInTheQuery() {
        TokenSpec spec = TokenSpec.query("partner-token", "token");

        assertThat(verify(spec, Delivery.builder(BODY).query("token", TOKEN).build(), TOKEN).accepted())
                .isTrue();
        assertThat(verify(spec, Delivery.builder(BODY).query("token", "nope").build(), TOKEN).accepted())
                .isFalse();
        assertThat(verify(spec, Delivery.builder(BODY).query("Token", TOKEN).build(), TOKEN))
                .as("query names are compared exactly").isInstanceOf(Refused.class);
    }

    @Test
    void refusesATokenRepeatedWithDifferentValues() {
        TokenSpec spec = TokenSpec.query("partner-token", "token");
        Delivery delivery = Delivery.builder(BODY).query("token", "guess").query("token", TOKEN).build();

        assertThat(((Refused) verify(spec, delivery, TOKEN)).reason()).isEqualTo(Reason.TOKEN_INVALID);
    }

    @Test
    void acceptsEitherTokenDuringRotation() {
        TokenSpec spec = TokenSpec.bearer("partner-token");

        assertThat(verify(spec, withHeader("Authorization", "Bearer old"), "new", "old").accepted()).isTrue();
        assertThat(verify(spec, withHeader("Authorization", "Bearer new"), "new", "old").accepted()).isTrue();
    }

    @Test
    void neverMatchesAnEmptyTokenWithAnEmptySecret() {
        Verdict verdict = verify(TokenSpec.bearer("partner-token"), withHeader("Authorization", "Bearer "),
                "");

        assertThat(((Refused) verdict).reason()).isEqualTo(Reason.SECRET_UNUSABLE);
    }

    @Test
    void signerAttachesWhatTheVerifierAccepts() {
        TokenSpec header = TokenSpec.bearer("partner-token");
        TokenSpec query = TokenSpec.query("partner-token", "key");
        Signature inHeader = WebhookSigner.of(header).sign("1", Instant.EPOCH, BODY, secrets(TOKEN));
        Signature inQuery = WebhookSigner.of(query).sign("1", Instant.EPOCH, BODY, secrets(TOKEN));

        assertThat(inHeader.headers())
                .containsExactly(java.util.Map.entry("Authorization", "Bearer " + TOKEN));
        assertThat(inQuery.query()).containsExactly(java.util.Map.entry("key", TOKEN));
        assertThat(verify(header, delivered(inHeader, BODY), TOKEN).accepted()).isTrue();
        assertThat(verify(query, delivered(inQuery, BODY), TOKEN).accepted()).isTrue();
    }
}
