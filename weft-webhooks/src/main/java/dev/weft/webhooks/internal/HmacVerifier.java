package dev.weft.webhooks.internal;

import dev.weft.webhooks.Delivery;
import dev.weft.webhooks.HmacSpec;
import dev.weft.webhooks.SignatureEncoding;
import dev.weft.webhooks.Verdict;
import dev.weft.webhooks.Verdict.Accepted;
import dev.weft.webhooks.Verdict.Reason;
import dev.weft.webhooks.Verdict.Refused;
import dev.weft.webhooks.WebhookVerifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Verifies an HMAC of the body (or of {@code timestamp.body}) carried in one header. Thread-safe. */
public final class HmacVerifier implements WebhookVerifier {
    private final HmacSpec spec;
    private final Clock clock;

    public HmacVerifier(HmacSpec spec, Clock clock) {
        this.spec = spec;
        this.clock = clock;
    }

    @Override
    public Verdict verify(Delivery delivery, List<byte[]> secrets) {
        Crypto.requireSome(secrets);
        List<String> signatures = delivery.headers(spec.header());
        if (signatures.isEmpty()) {
            return new Refused(Reason.SIGNATURE_MISSING, "missing header " + spec.header());
        }
        Optional<Refused> refused = spec.timestampHeader()
                .flatMap(h -> Refusals.timestamp(h, delivery.headers(h),
                        clock.instant(), spec.tolerance()))
                .or(() -> spec.idHeader().flatMap(h -> Refusals.id(h, delivery.headers(h))));
        if (refused.isPresent()) {
            return refused.get();
        }
        if (secrets.stream().anyMatch(s -> s.length == 0)) {
            return Refusals.SECRET_UNUSABLE;
        }
        List<byte[]> candidates = candidates(signatures);
        if (candidates.isEmpty()) {
            return new Refused(Reason.SIGNATURE_INVALID, spec.header() + " must be "
                    + (spec.prefix().isEmpty() ? "" : "'" + spec.prefix() + "' followed by ")
                    + "the " + spec.encoding().label() + " HMAC-"
                    + spec.algorithm().label().toUpperCase(java.util.Locale.ROOT)
                    + " of " + (spec.timestampHeader().isPresent() ? "<timestamp>.<body>" : "the body"));
        }
        Optional<String> id = spec.idHeader().map(h -> delivery.headers(h).getFirst());
        String timestamp = spec.timestampHeader().map(h -> delivery.headers(h).getFirst()).orElse(null);
        for (byte[] secret : secrets) {
            byte[] expected = expected(spec, secret, timestamp, delivery.body());
            for (byte[] candidate : candidates) {
                if (Crypto.same(expected, candidate)) {
                    return new Accepted(id);
                }
            }
        }
        return new Refused(Reason.SIGNATURE_INVALID,
                "the signature in " + spec.header() + " does not match the body");
    }

    /** The HMAC of {@code body}, or of {@code timestamp.body} when the spec has a timestamp header. */
    static byte[] expected(HmacSpec spec, byte[] secret, String timestamp, byte[] body) {
        String algorithm = spec.algorithm().jcaName();
        return timestamp == null
                ? Crypto.hmac(algorithm, secret, body)
                : Crypto.hmac(algorithm, secret, Crypto.ascii(timestamp), Crypto.DOT, body);
    }

    static String encode(SignatureEncoding encoding, byte[] signature) {
        return encoding == SignatureEncoding.HEX
                ? HexFormat.of().formatHex(signature)
                : Base64.getEncoder().encodeToString(signature);
    }

    /** The decoded signature of each header value that has the prefix; the prefix's case is not significant. */
    private List<byte[]> candidates(List<String> values) {
        List<byte[]> candidates = new ArrayList<>();
        String prefix = spec.prefix();
        for (String raw : values) {
            String value = raw.strip();
            if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
                continue;
            }
            String encoded = value.substring(prefix.length());
            try {
                candidates.add(spec.encoding() == SignatureEncoding.HEX
                        ? HexFormat.of().parseHex(encoded)
                        : Base64.getDecoder().decode(encoded));
            } catch (IllegalArgumentException e) {
                // not in the configured encoding: cannot match
            }
        }
        return candidates;
    }
}
