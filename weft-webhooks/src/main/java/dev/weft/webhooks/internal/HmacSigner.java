package dev.weft.webhooks.internal;

import dev.weft.webhooks.HmacSpec;
import dev.weft.webhooks.Signature;
import dev.weft.webhooks.WebhookSigner;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Signs deliveries with an HMAC header as an {@link HmacSpec} describes it. Thread-safe. */
public final class HmacSigner implements WebhookSigner {
    private final HmacSpec spec;

    public HmacSigner(HmacSpec spec) {
        this.spec = spec;
    }

    @Override
    public Signature sign(String id, Instant timestamp, byte[] body, List<byte[]> secrets) {
        byte[] secret = Signers.onlySecret(HmacSpec.SCHEME, secrets);
        String seconds = spec.timestampHeader().isPresent() ? Signers.seconds(timestamp) : null;
        byte[] mac = HmacVerifier.expected(spec, secret, seconds, body);
        Map<String, String> headers = new LinkedHashMap<>();
        spec.idHeader().ifPresent(h -> {
            Signers.requireId(id);
            headers.put(h, id);
        });
        spec.timestampHeader().ifPresent(h -> headers.put(h, seconds));
        headers.put(spec.header(), spec.prefix() + HmacVerifier.encode(spec.encoding(), mac));
        return new Signature(headers, Map.of());
    }
}
