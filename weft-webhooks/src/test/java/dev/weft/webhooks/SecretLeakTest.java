package dev.weft.webhooks;

import static dev.weft.webhooks.Fixtures.at;
import static dev.weft.webhooks.Fixtures.delivered;
import static dev.weft.webhooks.Fixtures.secrets;
import static dev.weft.webhooks.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.webhooks.Verdict.Refused;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A canary secret runs through every path that produces text (refusals, exceptions, toString, spec
 * problems); neither it nor the signature it would produce may appear in any of them.
 */
class SecretLeakTest {
    private static final String CANARY = "CANARYc4n4ryS3cr3tXYZ";
    private static final String CANARY_WHSEC = "whsec_" + Base64.getEncoder().encodeToString(utf8(CANARY));
    private static final byte[] BODY = utf8("{\"invoice\": 1}");
    private static final long NOW = 1_700_000_000L;

    private static final List<VerifySpec> SPECS = List.of(
            new StandardWebhooksSpec("canary"),
            new HmacSpec("canary", "X-Sig", HmacAlgorithm.SHA256, "sha256=", SignatureEncoding.HEX,
                    Optional.of("X-Ts"), Duration.ofMinutes(5), Optional.of("X-Id")),
            TokenSpec.bearer("canary"),
            TokenSpec.query("canary", "token"));

    private final List<String> texts = new ArrayList<>();

    private static String secretFor(VerifySpec spec) {
        return spec instanceof StandardWebhooksSpec ? CANARY_WHSEC : CANARY;
    }

    private void collect(Verdict verdict) {
        texts.add(verdict.toString());
        if (verdict instanceof Refused refused) {
            texts.add(refused.message());
        }
    }

    private void collect(Runnable action) {
        Throwable thrown = catchThrowable(action::run);
        if (thrown != null) {
            texts.add(String.valueOf(thrown.getMessage()));
            texts.add(thrown.toString());
        }
    }

    @Test
    void noRefusalExceptionOrToStringContainsTheSecretOrTheExpectedSignature() {
        int refusals = 0;
        for (VerifySpec spec : SPECS) {
            String secret = secretFor(spec);
            Signature good = WebhookSigner.of(spec).sign("msg_1", Instant.ofEpochSecond(NOW), BODY,
                    secrets(secret));
            texts.add(good.toString());
            Delivery genuine = delivered(good, BODY);
            texts.add(genuine.toString());
            List<String> forbidden = new ArrayList<>(List.of(CANARY, CANARY_WHSEC,
                    HexFormat.of().formatHex(utf8(CANARY)),
                    Base64.getEncoder().encodeToString(utf8(CANARY))));
            good.headers().values().stream().filter(v -> v.length() > 20).forEach(forbidden::add);

            List<Verdict> verdicts = List.of(
                    WebhookVerifier.of(spec, at(NOW)).verify(delivered(good, utf8("tampered")),
                            secrets(secret)),
                    WebhookVerifier.of(spec, at(NOW)).verify(genuine, secrets("wrong-" + secret)),
                    WebhookVerifier.of(spec, at(NOW + 3600)).verify(genuine, secrets(secret)),
                    WebhookVerifier.of(spec, at(NOW)).verify(Delivery.builder(BODY).build(), secrets(secret)),
                    WebhookVerifier.of(spec, at(NOW)).verify(genuine, secrets("")));
            for (Verdict verdict : verdicts) {
                collect(verdict);
                refusals += verdict.accepted() ? 0 : 1;
            }
            collect(() -> WebhookVerifier.of(spec, at(NOW)).verify(genuine, List.of()));
            collect(() -> WebhookSigner.of(spec).sign("msg 1", Instant.ofEpochSecond(NOW), BODY,
                    secrets(secret)));
            collect(() -> WebhookSigner.of(spec).sign("msg_1", Instant.ofEpochSecond(NOW), BODY,
                    secrets(secret, CANARY + " with spaces")));
            collect(() -> WebhookSigner.of(spec).sign("msg_1", Instant.ofEpochSecond(NOW), BODY,
                    secrets("whsec_" + CANARY + "!")));

            assertThat(texts).as(spec.scheme()).isNotEmpty().allSatisfy(text -> {
                for (String f : forbidden) {
                    assertThat(text).doesNotContain(f);
                }
            });
        }
        assertThat(refusals).isGreaterThanOrEqualTo(SPECS.size() * 4);
    }

    @Test
    void specProblemsNeverQuoteASecretPutInTheWrongField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String[] wrongPlaces = {
                "{\"scheme\": \"standard-webhooks\", \"credential\": \"" + CANARY_WHSEC + "\"}",
                "{\"scheme\": \"token\", \"credential\": \"" + CANARY + "+/=\"}",
                "{\"scheme\": \"token\", \"credential\": \"c\", \"secret\": \"" + CANARY + "\"}",
                "{\"scheme\": \"token\", \"credential\": \"c\", \"token\": \"" + CANARY + "\"}",
                "{\"scheme\": \"token\", \"credential\": \"c\", \"header\": \"Authorization: Bearer " + CANARY
                        + "\"}",
                "{\"scheme\": \"token\", \"credential\": \"c\", \"query\": \"token=" + CANARY + "\"}",
                "{\"scheme\": \"hmac\", \"credential\": \"c\", \"header\": \"X-S\", \"prefix\": \"\\n"
                        + CANARY + "\"}",
                "{\"scheme\": \"hmac\", \"credential\": \"c\", \"header\": \"X-S\", \"idHeader\": \"" + CANARY
                        + " \"}"};
        for (String verify : wrongPlaces) {
            ParsedVerifySpec parsed = VerifySpec.parse(json.readTree(verify), "/triggers/0/verify");

            assertThat(parsed.valid()).as(verify).isFalse();
            assertThat(parsed.problems()).as(verify)
                    .allSatisfy(p -> assertThat(p.message()).doesNotContain(CANARY));
            assertThat(parsed.toString()).doesNotContain(CANARY);
            assertThat(catchThrowable(parsed::orElseThrow).getMessage()).doesNotContain(CANARY);
        }
    }

    @Test
    void recordConstructorsNeverQuoteACredentialValue() {
        Throwable thrown = catchThrowable(() -> new StandardWebhooksSpec(CANARY_WHSEC + "="));

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
        assertThat(thrown.getMessage()).doesNotContain(CANARY).doesNotContain("whsec_");
    }
}
