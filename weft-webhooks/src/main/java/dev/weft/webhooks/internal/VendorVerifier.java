package dev.weft.webhooks.internal;

import dev.weft.webhooks.Delivery;
import dev.weft.webhooks.Verdict;
import dev.weft.webhooks.Verdict.Accepted;
import dev.weft.webhooks.Verdict.Reason;
import dev.weft.webhooks.Verdict.Refused;
import dev.weft.webhooks.VendorSpec;
import dev.weft.webhooks.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies a delivery as Stripe, Slack or HubSpot (v3) sign theirs ({@link VendorSpec}). Messages name the
 * headers and what they must hold, never a received value or the secret. Thread-safe.
 */
public final class VendorVerifier implements WebhookVerifier {
    static final String STRIPE_HEADER = "Stripe-Signature";
    static final String SLACK_SIGNATURE = "X-Slack-Signature";
    static final String SLACK_TIMESTAMP = "X-Slack-Request-Timestamp";
    static final String HUBSPOT_SIGNATURE = "X-HubSpot-Signature-v3";
    static final String HUBSPOT_TIMESTAMP = "X-HubSpot-Request-Timestamp";
    private static final String HMAC = "HmacSHA256";
    private static final Pattern MILLIS = Pattern.compile("[0-9]{1,15}");
    /** The escapes HubSpot decodes in the URL before signing it (its "Validating requests" guide). */
    private static final Map<String, String> HUBSPOT_DECODED = Map.ofEntries(Map.entry("%3A", ":"),
            Map.entry("%2F", "/"), Map.entry("%3F", "?"), Map.entry("%40", "@"), Map.entry("%21", "!"),
            Map.entry("%24", "$"), Map.entry("%27", "'"), Map.entry("%28", "("), Map.entry("%29", ")"),
            Map.entry("%2A", "*"), Map.entry("%2C", ","), Map.entry("%3B", ";"));
    private static final Pattern ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

    private final VendorSpec spec;
    private final Clock clock;

    public VendorVerifier(VendorSpec spec, Clock clock) {
        this.spec = spec;
        this.clock = clock;
    }

    @Override
    public Verdict verify(Delivery delivery, List<byte[]> secrets) {
        Crypto.requireSome(secrets);
        if (secrets.stream().anyMatch(s -> s.length == 0)) {
            return Refusals.SECRET_UNUSABLE;
        }
        return switch (spec.vendor()) {
            case STRIPE -> stripe(delivery, secrets);
            case SLACK -> slack(delivery, secrets);
            case HUBSPOT_V3 -> hubspot(delivery, secrets);
        };
    }

    /** {@code Stripe-Signature: t=<seconds>,v1=<hex>[,v1=<hex>...]} over {@code <t>.<body>}. */
    private Verdict stripe(Delivery delivery, List<byte[]> secrets) {
        List<String> values = delivery.headers(STRIPE_HEADER);
        if (values.isEmpty()) {
            return new Refused(Reason.SIGNATURE_MISSING, "missing header " + STRIPE_HEADER);
        }
        List<String> timestamps = new ArrayList<>();
        List<byte[]> candidates = new ArrayList<>();
        for (String value : values) {
            for (String part : value.split(",")) {
                int eq = part.indexOf('=');
                String key = eq < 0 ? part.strip() : part.substring(0, eq).strip();
                String item = eq < 0 ? "" : part.substring(eq + 1).strip();
                if (key.equals("t")) {
                    timestamps.add(item);
                } else if (key.equals("v1")) {
                    hex(item).ifPresent(candidates::add);
                }
            }
        }
        Optional<Refused> stale = Refusals.timestamp(STRIPE_HEADER + "'s t", timestamps, clock.instant(),
                spec.tolerance());
        if (stale.isPresent()) {
            return stale.get();
        }
        if (candidates.isEmpty()) {
            return new Refused(Reason.SIGNATURE_INVALID, STRIPE_HEADER
                    + " must hold v1=<hex HMAC-SHA256 of t.body>");
        }
        byte[][] signed = {Crypto.ascii(timestamps.getFirst()), Crypto.DOT, delivery.body()};
        return match(signed, secrets, candidates, STRIPE_HEADER);
    }

    /** {@code X-Slack-Signature: v0=<hex>} over {@code v0:<timestamp>:<body>}. */
    private Verdict slack(Delivery delivery, List<byte[]> secrets) {
        List<String> signatures = delivery.headers(SLACK_SIGNATURE);
        if (signatures.isEmpty()) {
            return new Refused(Reason.SIGNATURE_MISSING, "missing header " + SLACK_SIGNATURE);
        }
        List<String> timestamps = delivery.headers(SLACK_TIMESTAMP);
        Optional<Refused> stale = Refusals.timestamp(SLACK_TIMESTAMP, timestamps, clock.instant(),
                spec.tolerance());
        if (stale.isPresent()) {
            return stale.get();
        }
        List<byte[]> candidates = new ArrayList<>();
        for (String value : signatures) {
            String v = value.strip();
            if (v.startsWith("v0=")) {
                hex(v.substring(3)).ifPresent(candidates::add);
            }
        }
        if (candidates.isEmpty()) {
            return new Refused(Reason.SIGNATURE_INVALID, SLACK_SIGNATURE
                    + " must be v0= followed by the hex HMAC-SHA256 of v0:<timestamp>:<body>");
        }
        byte[][] signed = {("v0:" + timestamps.getFirst() + ":").getBytes(StandardCharsets.US_ASCII),
                delivery.body()};
        return match(signed, secrets, candidates, SLACK_SIGNATURE);
    }

    /**
     * {@code X-HubSpot-Signature-v3: <base64>} over {@code <method><url><body><timestamp>}, the timestamp in
     * milliseconds ({@code X-HubSpot-Request-Timestamp}).
     */
    private Verdict hubspot(Delivery delivery, List<byte[]> secrets) {
        List<String> signatures = delivery.headers(HUBSPOT_SIGNATURE);
        if (signatures.isEmpty()) {
            return new Refused(Reason.SIGNATURE_MISSING, "missing header " + HUBSPOT_SIGNATURE);
        }
        List<String> timestamps = delivery.headers(HUBSPOT_TIMESTAMP);
        if (timestamps.isEmpty()) {
            return new Refused(Reason.TIMESTAMP_MISSING, "missing header " + HUBSPOT_TIMESTAMP);
        }
        Optional<String> millis = Refusals.single(timestamps);
        if (millis.isEmpty() || !MILLIS.matcher(millis.get()).matches()) {
            return new Refused(Reason.TIMESTAMP_INVALID,
                    HUBSPOT_TIMESTAMP + " must be one value: milliseconds since 1970-01-01T00:00:00Z");
        }
        long age = clock.millis() - Long.parseLong(millis.get());
        if (age > spec.tolerance().toMillis()) {
            return new Refused(Reason.TIMESTAMP_STALE, HUBSPOT_TIMESTAMP + " is more than "
                    + spec.tolerance().toSeconds() + " seconds old");
        }
        if (-age > spec.tolerance().toMillis()) {
            return new Refused(Reason.TIMESTAMP_FUTURE, HUBSPOT_TIMESTAMP + " is more than "
                    + spec.tolerance().toSeconds() + " seconds ahead of this server's clock");
        }
        Optional<String> url = spec.url().or(delivery::url);
        if (url.isEmpty()) {
            return new Refused(Reason.SIGNATURE_INVALID, "the URL HubSpot signed is not known here: set"
                    + " verify.url to the webhook URL configured in the HubSpot app");
        }
        List<byte[]> candidates = new ArrayList<>();
        for (String value : signatures) {
            try {
                candidates.add(Base64.getDecoder().decode(value.strip()));
            } catch (IllegalArgumentException e) {
                // not Base64: cannot match
            }
        }
        byte[][] signed = {(delivery.method() + hubspotUrl(url.get())).getBytes(StandardCharsets.UTF_8),
                delivery.body(), millis.get().getBytes(StandardCharsets.US_ASCII)};
        return match(signed, secrets, candidates, HUBSPOT_SIGNATURE);
    }

    /** The URL as HubSpot signs it: the escapes of its table decoded, others kept. */
    static String hubspotUrl(String url) {
        Matcher m = ESCAPE.matcher(url);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String decoded = HUBSPOT_DECODED.get(m.group().toUpperCase(java.util.Locale.ROOT));
            m.appendReplacement(out, Matcher.quoteReplacement(decoded != null ? decoded : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The signed content's MAC under each secret; some secret's MAC equal to some candidate accepts. */
    private static Verdict match(byte[][] signed, List<byte[]> secrets, List<byte[]> candidates,
            String header) {
        for (byte[] secret : secrets) {
            byte[] expected = Crypto.hmac(HMAC, secret, signed);
            for (byte[] candidate : candidates) {
                if (Crypto.same(expected, candidate)) {
                    return new Accepted(Optional.empty());
                }
            }
        }
        return new Refused(Reason.SIGNATURE_INVALID,
                "the signature in " + header + " does not match the body");
    }

    static byte[] mac(byte[] secret, byte[]... parts) {
        return Crypto.hmac(HMAC, secret, parts);
    }

    private static Optional<byte[]> hex(String value) {
        try {
            return Optional.of(HexFormat.of().parseHex(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
