package dev.weft.webhooks;

import static dev.weft.webhooks.Fixtures.at;
import static dev.weft.webhooks.Fixtures.delivered;
import static dev.weft.webhooks.Fixtures.secrets;
import static dev.weft.webhooks.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.webhooks.Verdict.Accepted;
import dev.weft.webhooks.Verdict.Reason;
import dev.weft.webhooks.Verdict.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HmacVerifierTest {
    // GitHub's documented example ("Validating webhook deliveries").
    private static final String GITHUB_SECRET = "It's a Secret to Everybody";
    private static final String GITHUB_BODY = "Hello, World!";
    private static final String GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    // RFC 4231 test case 2 and RFC 2202 test case 2: key "Jefe".
    private static final String RFC_BODY = "what do ya want for nothing?";
    private static final long NOW = 1_700_000_000L;

    private static final HmacSpec GITHUB = new HmacSpec("github-secret", "X-Hub-Signature-256",
            HmacAlgorithm.SHA256,
            "sha256=", SignatureEncoding.HEX, Optional.empty(), HmacSpec.DEFAULT_TOLERANCE,
            Optional.of("X-GitHub-Delivery"));

    private static HmacSpec spec(HmacAlgorithm algorithm, SignatureEncoding encoding) {
        return new HmacSpec("partner", "X-Signature", algorithm, "", encoding, Optional.empty(),
                HmacSpec.DEFAULT_TOLERANCE, Optional.empty());
    }

    private static HmacSpec timestamped(Duration tolerance) {
        return new HmacSpec("partner", "X-Signature", HmacAlgorithm.SHA256, "v1=", SignatureEncoding.HEX,
                Optional.of("X-Timestamp"), tolerance, Optional.empty());
    }

    private static Delivery github(String body, String signature) {
        return Delivery.builder(utf8(body)).header("X-Hub-Signature-256", signature)
                .header("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958").build();
    }

    private static Verdict verify(HmacSpec spec, long now, Delivery delivery, String... secrets) {
        return WebhookVerifier.of(spec, at(now)).verify(delivery, secrets(secrets));
    }

    private static Reason reason(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Refused.class);
        return ((Refused) verdict).reason();
    }

    @Test
    void acceptsGithubsDocumentedExampleAndReturnsTheDeliveryId() {
        Verdict verdict = verify(GITHUB, NOW, github(GITHUB_BODY, GITHUB_SIGNATURE), GITHUB_SECRET);

        assertThat(verdict).isEqualTo(new Accepted(Optional.of("72d3162e-cc78-11e3-81ab-4c9367dc0958")));
    }

    @Test
    void signsGithubsDocumentedExampleExactly() {
        Signature signature = WebhookSigner.of(GITHUB).sign("72d3162e-cc78-11e3-81ab-4c9367dc0958",
                Instant.ofEpochSecond(NOW), utf8(GITHUB_BODY), secrets(GITHUB_SECRET));

        assertThat(signature.headers()).containsEntry("X-Hub-Signature-256", GITHUB_SIGNATURE)
                .containsEntry("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
    }

    @Test
    void acceptsUpperCaseHexAndAnUpperCasePrefix() {
        Verdict verdict = verify(GITHUB, NOW, github(GITHUB_BODY, GITHUB_SIGNATURE.toUpperCase()),
                GITHUB_SECRET);

        assertThat(verdict.accepted()).isTrue();
    }

    @Test
    void refusesATamperedBodyAndAnotherSecret() {
        assertThat(reason(verify(GITHUB, NOW, github("Hello, World?", GITHUB_SIGNATURE), GITHUB_SECRET)))
                .isEqualTo(Reason.SIGNATURE_INVALID);
        assertThat(
                reason(verify(GITHUB, NOW, github(GITHUB_BODY, GITHUB_SIGNATURE), "It's a Secret to Nobody")))
                .isEqualTo(Reason.SIGNATURE_INVALID);
    }

    @Test
    void refusesASignatureWithoutThePrefixOrNotInHex() {
        Verdict noPrefix = verify(GITHUB, NOW, github(GITHUB_BODY, GITHUB_SIGNATURE.substring(7)),
                GITHUB_SECRET);

        assertThat(noPrefix).isEqualTo(new Refused(Reason.SIGNATURE_INVALID,
                "X-Hub-Signature-256 must be 'sha256=' followed by the hex HMAC-SHA256 of the body"));
        assertThat(reason(verify(GITHUB, NOW, github(GITHUB_BODY, "sha256=zz"), GITHUB_SECRET)))
                .isEqualTo(Reason.SIGNATURE_INVALID);
    }

    @Test
    void refusesAMissingSignatureHeaderOrDeliveryId() {
        Delivery unsigned = Delivery.builder(utf8(GITHUB_BODY)).header("X-GitHub-Delivery", "1").build();
        Delivery noId = Delivery.builder(utf8(GITHUB_BODY)).header("X-Hub-Signature-256", GITHUB_SIGNATURE)
                .build();

        assertThat(verify(GITHUB, NOW, unsigned, GITHUB_SECRET))
                .isEqualTo(new Refused(Reason.SIGNATURE_MISSING, "missing header X-Hub-Signature-256"));
        assertThat(verify(GITHUB, NOW, noId, GITHUB_SECRET))
                .isEqualTo(new Refused(Reason.ID_MISSING, "missing header X-GitHub-Delivery"));
    }

    @Test
    void matchesTheRfcVectorsForSha1Sha256AndSha512() {
        record Vector(HmacAlgorithm algorithm, SignatureEncoding encoding, String signature) {
        }
        for (Vector v : java.util.List.of(
                new Vector(HmacAlgorithm.SHA1, SignatureEncoding.HEX,
                        "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
                new Vector(HmacAlgorithm.SHA256, SignatureEncoding.BASE64,
                        "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="),
                new Vector(HmacAlgorithm.SHA512, SignatureEncoding.HEX,
                        "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"))) {
            HmacSpec spec = spec(v.algorithm(), v.encoding());
            Delivery delivery = Delivery.builder(utf8(RFC_BODY)).header("X-Signature", v.signature()).build();

            assertThat(verify(spec, NOW, delivery, "Jefe")).as(v.algorithm().label()).isEqualTo(
                    new Accepted(Optional.empty()));
            assertThat(WebhookSigner.of(spec)
                    .sign("x", Instant.ofEpochSecond(NOW), utf8(RFC_BODY), secrets("Jefe"))
                    .headers()).containsExactly(java.util.Map.entry("X-Signature", v.signature()));
        }
    }

    @Test
    void signsTimestampDotBodyWhenATimestampHeaderIsConfigured() {
        HmacSpec spec = timestamped(Duration.ofMinutes(5));
        Signature signature = WebhookSigner.of(spec).sign("x", Instant.ofEpochSecond(NOW), utf8(RFC_BODY),
                secrets("Jefe"));
        Delivery replayedLater = Delivery.builder(utf8(RFC_BODY))
                .header("X-Signature", signature.headers().get("X-Signature"))
                .header("X-Timestamp", Long.toString(NOW + 1000)).build();

        assertThat(signature.headers()).containsEntry("X-Timestamp", Long.toString(NOW));
        assertThat(verify(spec, NOW, delivered(signature, utf8(RFC_BODY)), "Jefe").accepted()).isTrue();
        assertThat(reason(verify(spec, NOW + 1000, replayedLater, "Jefe")))
                .isEqualTo(Reason.SIGNATURE_INVALID);
    }

    @Test
    void acceptsTimestampsAtTheToleranceEdgesAndRefusesOneSecondBeyond() {
        HmacSpec spec = timestamped(Duration.ofSeconds(60));
        Delivery signed = delivered(
                WebhookSigner.of(spec).sign("x", Instant.ofEpochSecond(NOW), utf8(RFC_BODY),
                        secrets("Jefe")),
                utf8(RFC_BODY));

        assertThat(verify(spec, NOW + 60, signed, "Jefe").accepted()).isTrue();
        assertThat(verify(spec, NOW - 60, signed, "Jefe").accepted()).isTrue();
        assertThat(reason(verify(spec, NOW + 61, signed, "Jefe"))).isEqualTo(Reason.TIMESTAMP_STALE);
        assertThat(reason(verify(spec, NOW - 61, signed, "Jefe"))).isEqualTo(Reason.TIMESTAMP_FUTURE);
    }

    @Test
    void refusesAMissingTimestampWhenOneIsConfigured() {
        Delivery delivery = Delivery.builder(utf8(RFC_BODY)).header("X-Signature", "v1=00").build();

        assertThat(verify(timestamped(Duration.ofMinutes(5)), NOW, delivery, "Jefe"))
                .isEqualTo(new Refused(Reason.TIMESTAMP_MISSING, "missing header X-Timestamp"));
    }

    @Test
    void acceptsEitherSecretDuringRotation() {
        assertThat(verify(GITHUB, NOW, github(GITHUB_BODY, GITHUB_SIGNATURE), "new-secret", GITHUB_SECRET)
                .accepted()).isTrue();
        assertThat(verify(GITHUB, NOW, github(GITHUB_BODY, GITHUB_SIGNATURE), GITHUB_SECRET, "new-secret")
                .accepted()).isTrue();
    }

    @Test
    void reportsAnEmptySecretAsTheReceiversFault() {
        assertThat(reason(verify(GITHUB, NOW, github(GITHUB_BODY, GITHUB_SIGNATURE), "")))
                .isEqualTo(Reason.SECRET_UNUSABLE);
    }

    @Test
    void signsWithExactlyOneSecret() {
        WebhookSigner signer = WebhookSigner.of(GITHUB);

        assertThatThrownBy(
                () -> signer.sign("1", Instant.ofEpochSecond(NOW), utf8(GITHUB_BODY), secrets("a", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hmac signs with exactly one secret, but was given 2");
    }
}
