package dev.weft.webhooks.internal;

import static dev.weft.webhooks.StandardWebhooksSpec.ID_HEADER;
import static dev.weft.webhooks.StandardWebhooksSpec.SIGNATURE_HEADER;
import static dev.weft.webhooks.StandardWebhooksSpec.TIMESTAMP_HEADER;

import dev.weft.webhooks.Delivery;
import dev.weft.webhooks.StandardWebhooksSpec;
import dev.weft.webhooks.Verdict;
import dev.weft.webhooks.Verdict.Accepted;
import dev.weft.webhooks.Verdict.Reason;
import dev.weft.webhooks.Verdict.Refused;
import dev.weft.webhooks.WebhookVerifier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Verifies Standard Webhooks signatures with javax.crypto rather than the official Java library
 * (com.standardwebhooks 1.1.0), whose {@code verify} reads {@code System.currentTimeMillis()} with a fixed
 * 5-minute window before checking the signature, so neither an injected clock nor a configured tolerance
 * can apply, and whose {@code sign} takes the body as a String, which changes bodies that are not valid
 * UTF-8. The tests check that this class and the library agree. Thread-safe.
 */
public final class StandardWebhooksVerifier implements WebhookVerifier {
    private static final String VERSION = "v1";
    static final String HMAC = "HmacSHA256";

    private final StandardWebhooksSpec spec;
    private final Clock clock;

    public StandardWebhooksVerifier(StandardWebhooksSpec spec, Clock clock) {
        this.spec = spec;
        this.clock = clock;
    }

    @Override
    public Verdict verify(Delivery delivery, List<byte[]> secrets) {
        Crypto.requireSome(secrets);
        List<String> signatures = delivery.headers(SIGNATURE_HEADER);
        List<String> ids = delivery.headers(ID_HEADER);
        List<String> timestamps = delivery.headers(TIMESTAMP_HEADER);
        if (signatures.isEmpty()) {
            return new Refused(Reason.SIGNATURE_MISSING, "missing header " + SIGNATURE_HEADER
                    + (ids.isEmpty() || timestamps.isEmpty()
                            ? " (and " + missing(ids, timestamps) + ")"
                            : ""));
        }
        Optional<Refused> refused = Refusals.id(ID_HEADER, ids)
                .or(() -> Refusals.timestamp(TIMESTAMP_HEADER, timestamps, clock.instant(),
                        spec.tolerance()));
        if (refused.isPresent()) {
            return refused.get();
        }
        List<byte[]> keys = new ArrayList<>();
        for (byte[] secret : secrets) {
            Optional<byte[]> key = Crypto.standardWebhooksKey(secret);
            if (key.isEmpty()) {
                return Refusals.SECRET_UNUSABLE;
            }
            keys.add(key.get());
        }
        List<byte[]> candidates = candidates(signatures);
        if (candidates.isEmpty()) {
            return new Refused(Reason.SIGNATURE_INVALID,
                    SIGNATURE_HEADER + " holds no signature of the form v1,<base64>");
        }
        String id = ids.getFirst();
        byte[] idBytes = Crypto.ascii(id);
        byte[] timestampBytes = Crypto.ascii(timestamps.getFirst());
        for (byte[] key : keys) {
            byte[] expected = Crypto.hmac(HMAC, key, idBytes, Crypto.DOT, timestampBytes, Crypto.DOT,
                    delivery.body());
            for (byte[] candidate : candidates) {
                if (Crypto.same(expected, candidate)) {
                    return new Accepted(Optional.of(id));
                }
            }
        }
        return new Refused(Reason.SIGNATURE_INVALID, "no signature in " + SIGNATURE_HEADER
                + " matches the body, " + ID_HEADER + " and " + TIMESTAMP_HEADER);
    }

    /**
     * The decoded v1 signatures of every header value. Values are space-delimited {@code version,base64}
     * pairs; other versions (such as the asymmetric {@code v1a}) and undecodable entries are skipped.
     */
    private static List<byte[]> candidates(List<String> headerValues) {
        List<byte[]> candidates = new ArrayList<>();
        for (String value : headerValues) {
            for (String entry : value.trim().split(" +")) {
                int comma = entry.indexOf(',');
                if (comma < 0 || !entry.substring(0, comma).equals(VERSION)) {
                    continue;
                }
                try {
                    candidates.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
                } catch (IllegalArgumentException e) {
                    // not base64: cannot match
                }
            }
        }
        return candidates;
    }

    private static String missing(List<String> ids, List<String> timestamps) {
        return ids.isEmpty() && timestamps.isEmpty()
                ? ID_HEADER + ", " + TIMESTAMP_HEADER
                : ids.isEmpty() ? ID_HEADER : TIMESTAMP_HEADER;
    }
}
