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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandardWebhooksVerifierTest {
    // The vector published with the Standard Webhooks specification and its reference libraries.
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long TIMESTAMP = 1614265330;
    static final String BODY = "{\"test\": 2432232314}";
    static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    static final String OTHER_SECRET = "whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=";

    private final StandardWebhooksSpec spec = new StandardWebhooksSpec("erp-webhook-secret");

    private static Delivery vector(String body, String signature) {
        return Delivery.builder(utf8(body)).header("webhook-id", ID)
                .header("webhook-timestamp", Long.toString(TIMESTAMP)).header("webhook-signature", signature)
                .build();
    }

    private Verdict verify(Clock clock, Delivery delivery, String... secrets) {
        return WebhookVerifier.of(spec, clock).verify(delivery, secrets(secrets));
    }

    private static Reason reason(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Refused.class);
        return ((Refused) verdict).reason();
    }

    @Test
    void acceptsThePublishedSpecificationVectorAndReturnsItsId() {
        Verdict verdict = verify(at(TIMESTAMP), vector(BODY, SIGNATURE), SECRET);

        assertThat(verdict).isEqualTo(new Accepted(Optional.of(ID)));
    }

    @Test
    void signsThePublishedSpecificationVectorExactly() {
        Signature signature = WebhookSigner.of(spec).sign(ID, Instant.ofEpochSecond(TIMESTAMP), utf8(BODY),
                secrets(SECRET));

        assertThat(signature.headers()).containsExactly(
                java.util.Map.entry("webhook-id", ID),
                java.util.Map.entry("webhook-timestamp", "1614265330"),
                java.util.Map.entry("webhook-signature", SIGNATURE));
        assertThat(signature.query()).isEmpty();
    }

    @Test
    void acceptsTheSecretAsBareBase64WithoutTheWhsecPrefix() {
        Verdict verdict = verify(at(TIMESTAMP), vector(BODY, SIGNATURE), SECRET.substring("whsec_".length()));

        assertThat(verdict.accepted()).isTrue();
    }

    @Test
    void refusesATamperedBody() {
        Verdict verdict = verify(at(TIMESTAMP), vector("{\"test\": 2432232315}", SIGNATURE), SECRET);

        assertThat(reason(verdict)).isEqualTo(Reason.SIGNATURE_INVALID);
    }

    @Test
    void refusesASignatureMadeWithAnotherSecret() {
        Verdict verdict = verify(at(TIMESTAMP), vector(BODY, SIGNATURE), OTHER_SECRET);

        assertThat(reason(verdict)).isEqualTo(Reason.SIGNATURE_INVALID);
        assertThat(((Refused) verdict).message()).isEqualTo(
                "no signature in webhook-signature matches the body, webhook-id and webhook-timestamp");
    }

    @Test
    void refusesAChangedIdOrTimestampBecauseBothAreSigned() {
        Delivery otherId = Delivery.builder(utf8(BODY)).header("webhook-id", ID + "x")
                .header("webhook-timestamp", Long.toString(TIMESTAMP)).header("webhook-signature", SIGNATURE)
                .build();
        Delivery otherTime = Delivery.builder(utf8(BODY)).header("webhook-id", ID)
                .header("webhook-timestamp", Long.toString(TIMESTAMP + 1))
                .header("webhook-signature", SIGNATURE)
                .build();

        assertThat(reason(verify(at(TIMESTAMP), otherId, SECRET))).isEqualTo(Reason.SIGNATURE_INVALID);
        assertThat(reason(verify(at(TIMESTAMP), otherTime, SECRET))).isEqualTo(Reason.SIGNATURE_INVALID);
    }

    @Test
    void acceptsATimestampExactlyAtTheToleranceInThePastAndRefusesOneSecondOlder() {
        long edge = TIMESTAMP + Duration.ofMinutes(5).toSeconds();

        assertThat(verify(at(edge), vector(BODY, SIGNATURE), SECRET).accepted()).isTrue();
        Verdict stale = verify(at(edge + 1), vector(BODY, SIGNATURE), SECRET);
        assertThat(reason(stale)).isEqualTo(Reason.TIMESTAMP_STALE);
        assertThat(((Refused) stale).message()).isEqualTo(
                "webhook-timestamp is more than 300 seconds old; sign the delivery again when resending it");
    }

    @Test
    void acceptsATimestampExactlyAtTheToleranceInTheFutureAndRefusesOneSecondFurther() {
        long edge = TIMESTAMP - Duration.ofMinutes(5).toSeconds();

        assertThat(verify(at(edge), vector(BODY, SIGNATURE), SECRET).accepted()).isTrue();
        assertThat(reason(verify(at(edge - 1), vector(BODY, SIGNATURE), SECRET)))
                .isEqualTo(Reason.TIMESTAMP_FUTURE);
    }

    @Test
    void judgesTheWindowInWholeSecondsOfTheClock() {
        Clock justInside = Clock.fixed(Instant.ofEpochSecond(TIMESTAMP + 300, 999_000_000),
                java.time.ZoneOffset.UTC);

        assertThat(verify(justInside, vector(BODY, SIGNATURE), SECRET).accepted()).isTrue();
    }

    @Test
    void honoursAConfiguredTolerance() {
        StandardWebhooksSpec narrow = new StandardWebhooksSpec("erp-webhook-secret", Duration.ofSeconds(30));
        WebhookVerifier verifier = WebhookVerifier.of(narrow, at(TIMESTAMP + 31));

        assertThat(reason(verifier.verify(vector(BODY, SIGNATURE), secrets(SECRET))))
                .isEqualTo(Reason.TIMESTAMP_STALE);
        assertThat(WebhookVerifier.of(narrow, at(TIMESTAMP + 30))
                .verify(vector(BODY, SIGNATURE), secrets(SECRET))
                .accepted()).isTrue();
    }

    @Test
    void acceptsWhenOneOfSeveralSignaturesMatchesAndIgnoresOtherVersions() {
        String several = "v1,bm9wZQ== v1a,c29tZXRoaW5nIGVsc2U= v2,xyz garbage v1,!!notbase64 " + SIGNATURE;

        assertThat(verify(at(TIMESTAMP), vector(BODY, several), SECRET).accepted()).isTrue();
    }

    @Test
    void acceptsSignaturesSpreadOverRepeatedHeaders() {
        Delivery delivery = Delivery.builder(utf8(BODY)).header("webhook-id", ID)
                .header("webhook-timestamp", Long.toString(TIMESTAMP))
                .header("webhook-signature", "v1,bm9wZQ==")
                .header("Webhook-Signature", SIGNATURE).build();

        assertThat(verify(at(TIMESTAMP), delivery, SECRET).accepted()).isTrue();
    }

    @Test
    void refusesWhenNoSignatureHasTheV1Form() {
        Verdict verdict = verify(at(TIMESTAMP), vector(BODY, "v1a,abc sha256=00"), SECRET);

        assertThat(reason(verdict)).isEqualTo(Reason.SIGNATURE_INVALID);
        assertThat(((Refused) verdict).message()).contains("v1,<base64>");
    }

    @Test
    void acceptsEitherSecretDuringRotation() {
        Verdict oldSigned = verify(at(TIMESTAMP), vector(BODY, SIGNATURE), OTHER_SECRET, SECRET);
        Signature newSigned = WebhookSigner.of(spec).sign(ID, Instant.ofEpochSecond(TIMESTAMP), utf8(BODY),
                secrets(OTHER_SECRET));

        assertThat(oldSigned.accepted()).isTrue();
        assertThat(verify(at(TIMESTAMP), delivered(newSigned, utf8(BODY)), SECRET, OTHER_SECRET).accepted())
                .isTrue();
        assertThat(reason(verify(at(TIMESTAMP), delivered(newSigned, utf8(BODY)), SECRET)))
                .isEqualTo(Reason.SIGNATURE_INVALID);
    }

    @Test
    void signsWithEverySecretSoThatReceiversOnEitherSecretAccept() {
        Signature dual = WebhookSigner.of(spec).sign(ID, Instant.ofEpochSecond(TIMESTAMP), utf8(BODY),
                secrets(SECRET, OTHER_SECRET));

        assertThat(dual.headers().get("webhook-signature")).startsWith(SIGNATURE + " v1,");
        assertThat(verify(at(TIMESTAMP), delivered(dual, utf8(BODY)), SECRET).accepted()).isTrue();
        assertThat(verify(at(TIMESTAMP), delivered(dual, utf8(BODY)), OTHER_SECRET).accepted()).isTrue();
    }

    @Test
    void verifiesABodyThatIsNotUtf8ByteForByte() {
        byte[] body = {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3, 0x28};
        Signature signature = WebhookSigner.of(spec).sign("msg_1", Instant.ofEpochSecond(TIMESTAMP), body,
                secrets(SECRET));
        byte[] changed = body.clone();
        changed[1] = (byte) 0xfd; // decodes to the same U+FFFD as 0xfe would

        assertThat(verify(at(TIMESTAMP), delivered(signature, body), SECRET).accepted()).isTrue();
        assertThat(reason(verify(at(TIMESTAMP), delivered(signature, changed), SECRET)))
                .isEqualTo(Reason.SIGNATURE_INVALID);
    }

    @Test
    void namesEveryMissingHeaderAndReportsTheSignatureFirst() {
        Verdict nothing = verify(at(TIMESTAMP), Delivery.builder(utf8(BODY)).build(), SECRET);

        assertThat(nothing).isEqualTo(new Refused(Reason.SIGNATURE_MISSING,
                "missing header webhook-signature (and webhook-id, webhook-timestamp)"));
    }

    @Test
    void refusesAMissingIdOrTimestamp() {
        Delivery noId = Delivery.builder(utf8(BODY)).header("webhook-timestamp", Long.toString(TIMESTAMP))
                .header("webhook-signature", SIGNATURE).build();
        Delivery noTime = Delivery.builder(utf8(BODY)).header("webhook-id", ID)
                .header("webhook-signature", SIGNATURE).build();

        assertThat(verify(at(TIMESTAMP), noId, SECRET))
                .isEqualTo(new Refused(Reason.ID_MISSING, "missing header webhook-id"));
        assertThat(verify(at(TIMESTAMP), noTime, SECRET))
                .isEqualTo(new Refused(Reason.TIMESTAMP_MISSING, "missing header webhook-timestamp"));
    }

    @Test
    void refusesATimestampThatIsNotWholeSeconds() {
        for (String bad : List.of("1614265330.5", "-1614265330", "+1614265330", "", "2021-02-25T15:02:10Z",
                "99999999999999999999")) {
            Delivery delivery = Delivery.builder(utf8(BODY)).header("webhook-id", ID)
                    .header("webhook-timestamp", bad).header("webhook-signature", SIGNATURE).build();

            assertThat(reason(verify(at(TIMESTAMP), delivery, SECRET))).as(bad)
                    .isEqualTo(Reason.TIMESTAMP_INVALID);
        }
    }

    @Test
    void refusesAnIdRepeatedWithDifferentValuesOrHoldingSpaces() {
        Delivery twoIds = Delivery.builder(utf8(BODY)).header("webhook-id", ID)
                .header("webhook-id", "msg_other")
                .header("webhook-timestamp", Long.toString(TIMESTAMP)).header("webhook-signature", SIGNATURE)
                .build();
        Delivery spaced = Delivery.builder(utf8(BODY)).header("webhook-id", "msg 1")
                .header("webhook-timestamp", Long.toString(TIMESTAMP)).header("webhook-signature", SIGNATURE)
                .build();

        assertThat(reason(verify(at(TIMESTAMP), twoIds, SECRET))).isEqualTo(Reason.ID_INVALID);
        assertThat(reason(verify(at(TIMESTAMP), spaced, SECRET))).isEqualTo(Reason.ID_INVALID);
    }

    @Test
    void readsHeaderNamesWithoutRegardToCase() {
        Delivery shouted = Delivery.of(utf8(BODY), java.util.Map.of("WEBHOOK-ID", List.of(ID),
                "Webhook-Timestamp", List.of(Long.toString(TIMESTAMP)), "webhook-SIGNATURE",
                List.of(SIGNATURE)),
                java.util.Map.of());

        assertThat(verify(at(TIMESTAMP), shouted, SECRET).accepted()).isTrue();
    }

    @Test
    void reportsASecretThatIsNotBase64AsTheReceiversFault() {
        Verdict verdict = verify(at(TIMESTAMP), vector(BODY, SIGNATURE), "whsec_not base64!");

        assertThat(reason(verdict)).isEqualTo(Reason.SECRET_UNUSABLE);
    }

    @Test
    void rejectsAnEmptyListOfSecrets() {
        WebhookVerifier verifier = WebhookVerifier.of(spec, at(TIMESTAMP));

        assertThatThrownBy(() -> verifier.verify(vector(BODY, SIGNATURE), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one secret");
    }

    @Test
    void refusesToSignWithAnIdThatCannotTravelInAHeader() {
        WebhookSigner signer = WebhookSigner.of(spec);

        assertThatThrownBy(
                () -> signer.sign("msg 1\r\nX-Evil: 1", Instant.ofEpochSecond(TIMESTAMP), utf8(BODY),
                        secrets(SECRET)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("id must be");
    }
}
