package dev.weft.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.engine.flow.TriggerCheck;
import dev.weft.server.http.ApiException;
import dev.weft.webhooks.Delivery;
import dev.weft.webhooks.ParsedVerifySpec;
import dev.weft.webhooks.SpecProblem;
import dev.weft.webhooks.TokenSpec;
import dev.weft.webhooks.VerifySpec;
import dev.weft.webhooks.WebhookVerifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks deliveries with the {@code weft-webhooks} verifiers, taking secrets from the vault by credential
 * name, and checks {@code verify} settings when a flow is deployed. {@code scheme: none} accepts every
 * delivery. Whatever the scheme, the delivery id (for de-duplication) is the scheme's own id header, or
 * else the {@code webhook-id} header when the sender sends one. Thread-safe.
 */
public final class SignatureCheck implements DeliveryCheck {
    public static final String NONE = "none";
    /** The delivery id header of every scheme that names no other (Standard Webhooks' own). */
    public static final String DELIVERY_ID_HEADER = "webhook-id";
    /** Printable ASCII without spaces, as the verifiers require of their id headers. */
    private static final java.util.regex.Pattern DELIVERY_ID = java.util.regex.Pattern.compile(
            "[\\x21-\\x7e]{1,256}");

    /** The secret bytes of a credential (several while it rotates), or empty when there is none. */
    @FunctionalInterface
    public interface Secrets {
        Optional<List<byte[]>> of(String tenant, String credential);
    }

    private final Secrets secrets;
    private final Clock clock;
    /** Parsed once per {@code verify} object (deployed flows are immutable), not once per delivery. */
    private final Map<JsonNode, Verification> verifications = new ConcurrentHashMap<>();

    private record Verification(VerifySpec spec, WebhookVerifier verifier) {
    }

    public SignatureCheck(Secrets secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
    }

    /** The deploy-time check of a webhook trigger's {@code verify} object. */
    public static TriggerCheck triggerCheck() {
        return trigger -> {
            JsonNode verify = trigger.get("verify");
            if (verify == null || !verify.isObject() || NONE.equals(verify.path("scheme").asText())) {
                return List.of(); // absence and shape are the engine's own checks
            }
            ParsedVerifySpec parsed = VerifySpec.parse(verify, "/verify");
            List<TriggerCheck.Finding> findings = new ArrayList<>();
            for (SpecProblem p : parsed.problems()) {
                findings.add(new TriggerCheck.Finding(p.pointer(), p.message()));
            }
            return findings;
        };
    }

    @Override
    public Verdict check(String tenant, JsonNode verify, byte[] body, Map<String, String> headers,
            Map<String, List<String>> query, String method, String url) {
        String sentId = headers.get(DELIVERY_ID_HEADER);
        if (sentId != null && !DELIVERY_ID.matcher(sentId).matches()) {
            return new Verdict(null, DELIVERY_ID_HEADER
                    + " must be 1 to 256 printable ASCII characters without spaces", List.of(), List.of());
        }
        if (verify == null || NONE.equals(verify.path("scheme").asText())) {
            return new Verdict(sentId, null, List.of(), List.of());
        }
        Verification verification = verifications.computeIfAbsent(verify, v -> {
            VerifySpec parsed = VerifySpec.parse(v, "/verify").orElseThrow();
            return new Verification(parsed, WebhookVerifier.of(parsed, clock));
        });
        VerifySpec spec = verification.spec();
        WebhookVerifier verifier = verification.verifier();
        List<byte[]> keys = secrets.of(tenant, spec.credential()).orElseThrow(() -> new ApiException(500,
                "webhook.secret_missing", "this webhook verifies deliveries with credential '"
                        + spec.credential() + "', which is not in the vault; an operator must create it"));
        Map<String, List<String>> headerLists = new java.util.HashMap<>();
        headers.forEach((name, value) -> headerLists.put(name, List.of(value)));
        Delivery.Builder delivery = Delivery.builder(body).request(method, url);
        headerLists.forEach((name, values) -> values.forEach(v -> delivery.header(name, v)));
        query.forEach((name, values) -> values.forEach(v -> delivery.query(name, v)));
        dev.weft.webhooks.Verdict verdict = verifier.verify(delivery.build(), keys);
        return switch (verdict) {
            case dev.weft.webhooks.Verdict.Accepted a ->
                new DeliveryCheck.Verdict(a.deliveryId().orElse(sentId),
                        null, secretHeaders(spec), secretQuery(spec), replayKey(spec, body));
            case dev.weft.webhooks.Verdict.Refused r -> {
                if (r.reason().code().equals("secret.unusable")) {
                    throw new ApiException(500, "webhook.secret_unusable", "credential '" + spec.credential()
                            + "' cannot be used to verify this webhook; an operator must fix it");
                }
                yield new DeliveryCheck.Verdict(null, r.message(), List.of(), List.of());
            }
        };
    }

    /**
     * What identifies a repeat of a delivery when its id header does not, or null:
     * <ul>
     * <li>an HMAC delivery signed without a timestamp: its body, which is all its signature covers. Its id
     * header (if any) is not signed, so a captured delivery sent again under a new id would otherwise start a
     * new execution, for ever; and a sender's retry carries the same body, so it is the same delivery either
     * way. With a timestamp header a retry is signed anew, so the sender's id de-duplicates (a replay with a
     * new id inside the tolerance is not caught; docs/flow-language.md).</li>
     * <li>a vendor's delivery (Stripe, Slack, HubSpot): they send no id header, and a retry may change the
     * body (HubSpot counts {@code attemptNumber} in it), so the event ids in the body, which the signature
     * just vouched for: Stripe's {@code id}, Slack's {@code event_id}, HubSpot's {@code eventId}s; the body
     * when it has none (a Slack slash command).</li>
     * </ul>
     */
    static String replayKey(VerifySpec spec, byte[] body) {
        if (spec instanceof dev.weft.webhooks.VendorSpec vendor) {
            String events = vendorEvents(vendor, body);
            return events != null ? vendor.scheme() + "-" + sha256(events) : "body-" + sha256(body);
        }
        if (!(spec instanceof dev.weft.webhooks.HmacSpec hmac) || hmac.timestampHeader().isPresent()) {
            return null;
        }
        return "hmac-" + sha256(body);
    }

    /** The vendor's own event ids in a verified body, joined, or null when it names none. */
    private static String vendorEvents(dev.weft.webhooks.VendorSpec spec, byte[] body) {
        JsonNode json;
        try {
            json = dev.weft.server.http.Exchange.JSON.readTree(body);
        } catch (java.io.IOException e) {
            return null; // a form body (Slack's slash commands): known by the body
        }
        if (json == null) {
            return null;
        }
        return switch (spec.vendor()) {
            case STRIPE -> json.path("id").isTextual() ? json.get("id").textValue() : null;
            case SLACK -> json.path("event_id").isTextual() ? json.get("event_id").textValue() : null;
            case HUBSPOT_V3 -> {
                java.util.TreeSet<String> ids = new java.util.TreeSet<>();
                for (JsonNode event : json.isArray() ? json : List.of(json)) {
                    if (!event.path("eventId").isIntegralNumber() && !event.path("eventId").isTextual()) {
                        yield null;
                    }
                    ids.add(event.get("eventId").asText());
                }
                yield ids.isEmpty() ? null : String.join(",", ids);
            }
        };
    }

    private static String sha256(String text) {
        return sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static List<String> secretHeaders(VerifySpec spec) {
        return spec instanceof TokenSpec t && t.source() == TokenSpec.Source.HEADER
                ? List.of(t.name().toLowerCase(Locale.ROOT))
                : List.of();
    }

    private static List<String> secretQuery(VerifySpec spec) {
        return spec instanceof TokenSpec t && t.source() == TokenSpec.Source.QUERY
                ? List.of(t.name())
                : List.of();
    }
}
