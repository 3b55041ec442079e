package dev.weft.webhooks.internal;

import dev.weft.webhooks.Signature;
import dev.weft.webhooks.VendorSpec;
import dev.weft.webhooks.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs a delivery as Stripe, Slack or HubSpot (v3) would, so that the {@link VendorVerifier} of the same
 * spec accepts it: for tests and replays. HubSpot's signature covers the URL, so its spec must name one
 * ({@code url}); the method is {@code POST}. Thread-safe.
 */
public final class VendorSigner implements WebhookSigner {
    private final VendorSpec spec;

    public VendorSigner(VendorSpec spec) {
        this.spec = spec;
    }

    @Override
    public Signature sign(String id, Instant timestamp, byte[] body, List<byte[]> secrets) {
        byte[] secret = Signers.onlySecret(spec.scheme(), secrets);
        Map<String, String> headers = new LinkedHashMap<>();
        switch (spec.vendor()) {
            case STRIPE -> {
                String t = Signers.seconds(timestamp);
                byte[] mac = VendorVerifier.mac(secret, Crypto.ascii(t), Crypto.DOT, body);
                headers.put(VendorVerifier.STRIPE_HEADER, "t=" + t + ",v1=" + HexFormat.of().formatHex(mac));
            }
            case SLACK -> {
                String t = Signers.seconds(timestamp);
                byte[] mac = VendorVerifier.mac(secret, ("v0:" + t + ":").getBytes(StandardCharsets.US_ASCII),
                        body);
                headers.put(VendorVerifier.SLACK_TIMESTAMP, t);
                headers.put(VendorVerifier.SLACK_SIGNATURE, "v0=" + HexFormat.of().formatHex(mac));
            }
            case HUBSPOT_V3 -> {
                String url = spec.url().orElseThrow(() -> new IllegalArgumentException(
                        "a hubspot-v3 signature covers the URL: the spec must name its url"));
                String millis = Long.toString(timestamp.toEpochMilli());
                byte[] mac = VendorVerifier.mac(secret,
                        ("POST" + VendorVerifier.hubspotUrl(url)).getBytes(StandardCharsets.UTF_8), body,
                        millis.getBytes(StandardCharsets.US_ASCII));
                headers.put(VendorVerifier.HUBSPOT_TIMESTAMP, millis);
                headers.put(VendorVerifier.HUBSPOT_SIGNATURE, Base64.getEncoder().encodeToString(mac));
            }
        }
        return new Signature(headers, Map.of());
    }
}
