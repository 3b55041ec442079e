package dev.weft.webhooks.internal;

import dev.weft.webhooks.Signature;
import dev.weft.webhooks.TokenSpec;
import dev.weft.webhooks.WebhookSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Attaches the shared token as a {@link TokenSpec} describes it; the body and timestamp are not
 * covered. Query values are raw, for the caller to URL-encode. Thread-safe.
 */
public final class TokenSigner implements WebhookSigner {
    /** Visible ASCII: what a header value can carry without folding or encoding surprises. */
    private static final Pattern SENDABLE = Pattern.compile("[\\x21-\\x7e]+");

    private final TokenSpec spec;

    public TokenSigner(TokenSpec spec) {
        this.spec = spec;
    }

    @Override
    public Signature sign(String id, Instant timestamp, byte[] body, List<byte[]> secrets) {
        String token = new String(Signers.onlySecret(TokenSpec.SCHEME, secrets), StandardCharsets.UTF_8);
        if (!SENDABLE.matcher(token).matches()) {
            throw new IllegalArgumentException("the token must be visible ASCII characters without spaces");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        spec.idHeader().ifPresent(h -> {
            Signers.requireId(id);
            headers.put(h, id);
        });
        if (spec.source() == TokenSpec.Source.QUERY) {
            return new Signature(headers, Map.of(spec.name(), token));
        }
        headers.put(spec.name(), spec.prefix() + token);
        return new Signature(headers, Map.of());
    }
}
