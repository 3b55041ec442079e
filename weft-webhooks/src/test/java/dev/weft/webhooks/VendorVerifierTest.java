package dev.weft.webhooks;

import static dev.weft.webhooks.Fixtures.at;
import static dev.weft.webhooks.Fixtures.delivered;
import static dev.weft.webhooks.Fixtures.secrets;
import static dev.weft.webhooks.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.webhooks.Verdict.Reason;
import dev.weft.webhooks.Verdict.Refused;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The vendor schemes against signatures computed here the way each vendor's documentation says, with the
 * JDK's HMAC directly (not the code under test), and the presets that stand for {@code hmac} specs.
 */
class VendorVerifierTest {
    private static final long NOW = 1_765_000_000L;
    private static final String BODY = "{\"id\":\"evt_1QabC\",\"type\":\"invoice.paid\"}";

    static String hmacHex(String secret, String content) {
        return HexFormat.of().formatHex(hmac(secret, content));
    }

    static byte[] hmac(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Verdict verify(VerifySpec spec, long now, Delivery delivery, String... secrets) {
        return WebhookVerifier.of(spec, at(now)).verify(delivery, secrets(secrets));
    }

    private static VerifySpec parse(String json) throws Exception {
        return VerifySpec.parse(new ObjectMapper().readTree(json), "/verify").orElseThrow();
    }

    @Test
    void stripeSignsTheTimestampAndBodyAndMayCarrySeveralV1Signatures() throws Exception {
        String secret = "whsec_5f2b1c3d4e5f60718293a4b5c6d7e8f9";
        String t = Long.toString(NOW - 30);
        String good = hmacHex(secret, t + "." + BODY);
        VerifySpec spec = parse("{\"scheme\": \"stripe\", \"credential\": \"stripe-endpoint\"}");
        Delivery delivery = Delivery.builder(utf8(BODY))
                .header("Stripe-Signature", "t=" + t + ",v1=" + hmacHex("whsec_old", "x") + ",v1=" + good
                        + ",v0=" + hmacHex(secret, "legacy"))
                .build();
        assertThat(verify(spec, NOW, delivery, secret).accepted()).isTrue();
        assertThat(verify(spec, NOW, Delivery.builder(utf8(BODY + " ")).header("Stripe-Signature", "t=" + t
                + ",v1=" + good).build(), secret))
                .isEqualTo(new Refused(Reason.SIGNATURE_INVALID,
                        "the signature in Stripe-Signature does not match the body"));
        assertThat(verify(spec, NOW + 301, delivery, secret))
                .isInstanceOfSatisfying(Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(Reason.TIMESTAMP_STALE));
        assertThat(verify(spec, NOW, Delivery.builder(utf8(BODY)).header("Stripe-Signature", "v1=" + good)
                .build(), secret))
                .isInstanceOfSatisfying(Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(Reason.TIMESTAMP_MISSING));
    }

    @Test
    void slackSignsV0TimestampAndBody() throws Exception {
        String secret = "8f742231b10e8888abcd99yyyzzz85a5";
        String body = "token=xyz&team_id=T1DC2JH3J&command=%2Fweft&text=status";
        String t = Long.toString(NOW);
        VerifySpec spec = parse("{\"scheme\": \"slack\", \"credential\": \"slack-signing\","
                + " \"tolerance\": \"2m\"}");
        Delivery delivery = Delivery.builder(utf8(body)).header("X-Slack-Request-Timestamp", t)
                .header("X-Slack-Signature", "v0=" + hmacHex(secret, "v0:" + t + ":" + body)).build();
        assertThat(verify(spec, NOW + 60, delivery, secret).accepted()).isTrue();
        assertThat(verify(spec, NOW + 121, delivery, secret))
                .isInstanceOfSatisfying(Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(Reason.TIMESTAMP_STALE));
        assertThat(verify(spec, NOW, delivery, "another-signing-secret"))
                .isInstanceOfSatisfying(Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
    }

    @Test
    void hubspotV3SignsMethodDecodedUrlBodyAndMillisecondTimestamp() throws Exception {
        String secret = "client-secret-3e1b0c2d";
        String millis = Long.toString(NOW * 1000 - 1_500);
        String sent = "https://weft.example.com/hooks/default/crm/contacts?portal%3A=1%2C2";
        String signedUrl = "https://weft.example.com/hooks/default/crm/contacts?portal:=1,2";
        String signature = Base64.getEncoder()
                .encodeToString(hmac(secret, "POST" + signedUrl + BODY + millis));
        Delivery arrived = Delivery.builder(utf8(BODY)).request("POST", sent)
                .header("X-HubSpot-Signature-v3", signature).header("X-HubSpot-Request-Timestamp", millis)
                .build();
        VerifySpec fromRequest = parse("{\"scheme\": \"hubspot-v3\", \"credential\": \"hubspot-app\"}");
        assertThat(verify(fromRequest, NOW, arrived, secret).accepted()).isTrue();

        // Behind a proxy the server sees another address: verify.url names the one HubSpot calls.
        Delivery proxied = Delivery.builder(utf8(BODY))
                .request("POST", "http://10.0.0.7:8080/hooks/default/crm"
                        + "/contacts?portal%3A=1%2C2")
                .header("X-HubSpot-Signature-v3", signature)
                .header("X-HubSpot-Request-Timestamp", millis).build();
        assertThat(verify(fromRequest, NOW, proxied, secret))
                .isInstanceOfSatisfying(Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(Reason.SIGNATURE_INVALID));
        VerifySpec configured = parse(
                "{\"scheme\": \"hubspot-v3\", \"credential\": \"hubspot-app\", \"url\": \""
                        + sent + "\"}");
        assertThat(verify(configured, NOW, proxied, secret).accepted()).isTrue();

        assertThat(verify(configured, NOW + 301, proxied, secret))
                .isInstanceOfSatisfying(Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(Reason.TIMESTAMP_STALE));
        Delivery seconds = Delivery.builder(utf8(BODY)).request("POST", sent)
                .header("X-HubSpot-Signature-v3", signature).header("X-HubSpot-Request-Timestamp",
                        Long.toString(NOW))
                .build();
        assertThat(verify(configured, NOW, seconds, secret)).as("seconds read as milliseconds are long ago")
                .isInstanceOfSatisfying(Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(Reason.TIMESTAMP_STALE));
    }

    @Test
    void eachVendorSignerMakesWhatItsVerifierAccepts() throws Exception {
        for (String json : new String[]{"{\"scheme\": \"stripe\", \"credential\": \"s\"}",
                "{\"scheme\": \"slack\", \"credential\": \"s\"}",
                "{\"scheme\": \"hubspot-v3\", \"credential\": \"s\", \"url\": \"https://w.example/hooks/x\"}"}) {
            VerifySpec spec = parse(json);
            Signature signature = WebhookSigner.of(spec).sign("d1", Instant.ofEpochSecond(NOW), utf8(BODY),
                    secrets("vendor-secret"));
            assertThat(verify(spec, NOW, delivered(signature, utf8(BODY)), "vendor-secret").accepted())
                    .as(json).isTrue();
            assertThat(signature.toString()).doesNotContain("vendor-secret");
        }
    }

    @Test
    void presetsAreTheHmacSpecsOfGithubShopifyAndFrappe() throws Exception {
        assertThat(parse("{\"scheme\": \"github\", \"credential\": \"gh\"}")).isEqualTo(new HmacSpec("gh",
                "X-Hub-Signature-256", HmacAlgorithm.SHA256, "sha256=", SignatureEncoding.HEX,
                Optional.empty(),
                HmacSpec.DEFAULT_TOLERANCE, Optional.of("X-GitHub-Delivery")));
        String secret = "frappe-webhook-secret";
        VerifySpec frappe = parse("{\"scheme\": \"frappe\", \"credential\": \"erpnext-hook\"}");
        Delivery delivery = Delivery.builder(utf8(BODY)).header("X-Frappe-Webhook-Signature",
                Base64.getEncoder().encodeToString(hmac(secret, BODY))).build();
        assertThat(verify(frappe, NOW, delivery, secret).accepted()).isTrue();
        VerifySpec shopify = parse("{\"scheme\": \"shopify\", \"credential\": \"shop\"}");
        Delivery order = Delivery.builder(utf8(BODY)).header("X-Shopify-Hmac-Sha256",
                Base64.getEncoder().encodeToString(hmac(secret, BODY))).header("X-Shopify-Webhook-Id",
                        "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")
                .build();
        assertThat(verify(shopify, NOW, order, secret))
                .isEqualTo(new Verdict.Accepted(Optional.of("b54557e4-bdd9-4b37-8a5f-bf7d70bcd043")));
    }

    @Test
    void aPresetTakesOnlyItsCredentialAndAVendorUrlMustBeAbsolute() throws Exception {
        ParsedVerifySpec preset = VerifySpec.parse(new ObjectMapper().readTree(
                "{\"scheme\": \"github\", \"credential\": \"gh\", \"header\": \"X-Sig\"}"), "/verify");
        assertThat(preset.problems()).extracting(SpecProblem::message).singleElement().asString()
                .startsWith("verify.header: unknown field for scheme github");
        ParsedVerifySpec url = VerifySpec.parse(new ObjectMapper().readTree(
                "{\"scheme\": \"hubspot-v3\", \"credential\": \"h\", \"url\": \"/hooks/x\"}"), "/verify");
        assertThat(url.problems()).extracting(SpecProblem::message).singleElement().asString()
                .startsWith("verify.url: must be the absolute http or https URL");
        ParsedVerifySpec unknown = VerifySpec.parse(new ObjectMapper().readTree(
                "{\"scheme\": \"strip\", \"credential\": \"s\"}"), "/verify");
        assertThat(unknown.problems()).extracting(SpecProblem::message).singleElement().asString()
                .contains("stripe");
        assertThat(Duration.ofMinutes(5)).isEqualTo(VendorSpec.DEFAULT_TOLERANCE);
    }
}
