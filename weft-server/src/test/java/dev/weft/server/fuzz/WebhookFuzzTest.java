package dev.weft.server.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.server.hooks.SignatureCheck;
import dev.weft.server.hooks.WebhookIngress;
import dev.weft.server.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The inbound webhook's body parser and signature verifier on any request: a body is parsed or refused with a
 * 400; a delivery is accepted or refused with a reason. The input's first line is the content type (for the
 * parser) or the headers, {@code name: value} separated by {@code |} (for the verifier); the rest is the
 * body. Committed inputs cover header injection (CR/LF in values), content-type confusion and malformed
 * signatures.
 */
class WebhookFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SCHEMES = List.of(
            "{\"scheme\": \"hmac\", \"credential\": \"hook\", \"header\": \"X-Signature\", \"algorithm\":"
                    + " \"sha256\", \"encoding\": \"hex\", \"prefix\": \"sha256=\"}",
            "{\"scheme\": \"standard-webhooks\", \"credential\": \"hook\"}",
            "{\"scheme\": \"hmac\", \"credential\": \"hook\", \"header\": \"X-Sig\", \"algorithm\": \"sha1\","
                    + " \"encoding\": \"base64\", \"timestampHeader\": \"X-Time\"}",
            "{\"scheme\": \"token\", \"credential\": \"hook\", \"header\": \"X-Token\"}");
    private static final SignatureCheck CHECK = new SignatureCheck(
            (tenant, credential) -> Optional.of(List.of("whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=".getBytes(
                    StandardCharsets.UTF_8))),
            Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC));

    private static String[] split(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return nl < 0 ? new String[]{text, ""} : new String[]{text.substring(0, nl), text.substring(nl + 1)};
    }

    @FuzzTest(maxDuration = "5s")
    void aBodyIsParsedOrRefusedWith400(byte[] data) {
        String[] parts = split(data);
        try {
            WebhookIngress.parse(parts[0].isBlank() ? null : parts[0],
                    parts[1].getBytes(StandardCharsets.UTF_8));
        } catch (ApiException e) {
            if (e.status() != 400 && e.status() != 415) {
                throw e;
            }
        }
    }

    @FuzzTest(maxDuration = "5s")
    void aDeliveryIsAcceptedOrRefusedWithAReason(byte[] data) throws Exception {
        String[] parts = split(data);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String pair : parts[0].split("\\|")) {
            int colon = pair.indexOf(':');
            if (colon > 0) {
                headers.put(pair.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                        pair.substring(colon + 1).trim());
            }
        }
        byte[] body = parts[1].getBytes(StandardCharsets.UTF_8);
        for (String scheme : SCHEMES) {
            JsonNode verify = JSON.readTree(scheme);
            var verdict = CHECK.check("default", verify, body, headers, Map.of(), "POST",
                    "http://127.0.0.1/hooks/default/fuzz/in");
            if (!verdict.accepted() && (verdict.refusal() == null || verdict.refusal().isBlank())) {
                throw new IllegalStateException("a refusal without a reason for " + scheme);
            }
        }
    }
}
