package dev.weft.webhooks.internal;

import static dev.weft.webhooks.StandardWebhooksSpec.ID_HEADER;
import static dev.weft.webhooks.StandardWebhooksSpec.SIGNATURE_HEADER;
import static dev.weft.webhooks.StandardWebhooksSpec.TIMESTAMP_HEADER;

import dev.weft.webhooks.Signature;
import dev.weft.webhooks.WebhookSigner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs deliveries the Standard Webhooks way, one {@code v1} signature per secret so that receivers
 * in the middle of a rotation accept either. Thread-safe.
 */
public final class StandardWebhooksSigner implements WebhookSigner {

    @Override
    public Signature sign(String id, Instant timestamp, byte[] body, List<byte[]> secrets) {
        Signers.requireId(id);
        Crypto.requireSome(secrets);
        String seconds = Signers.seconds(timestamp);
        List<String> signatures = new ArrayList<>();
        for (int i = 0; i < secrets.size(); i++) {
            int n = i + 1;
            byte[] key = Crypto.standardWebhooksKey(secrets.get(i)).orElseThrow(
                    () -> new IllegalArgumentException("secret " + n + " of " + secrets.size()
                            + " is not a Standard Webhooks secret (whsec_ followed by base64)"));
            byte[] mac = Crypto.hmac(StandardWebhooksVerifier.HMAC, key, Crypto.ascii(id), Crypto.DOT,
                    Crypto.ascii(seconds), Crypto.DOT, body);
            signatures.add("v1," + Base64.getEncoder().encodeToString(mac));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID_HEADER, id);
        headers.put(TIMESTAMP_HEADER, seconds);
        headers.put(SIGNATURE_HEADER, String.join(" ", signatures));
        return new Signature(headers, Map.of());
    }
}
