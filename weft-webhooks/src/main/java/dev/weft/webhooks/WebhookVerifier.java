package dev.weft.webhooks;

import dev.weft.webhooks.internal.HmacVerifier;
import dev.weft.webhooks.internal.StandardWebhooksVerifier;
import dev.weft.webhooks.internal.TokenVerifier;
import dev.weft.webhooks.internal.VendorVerifier;
import java.time.Clock;
import java.util.List;

/**
 * Checks that an inbound delivery comes from the holder of a secret, by one trigger's
 * {@link VerifySpec}. Implementations are stateless and thread-safe.
 */
public interface WebhookVerifier {

    /**
     * The verdict on {@code delivery}.
     *
     * @param secrets the credential's current secrets, as the vault stores them (several during
     *                rotation; any one may match). For {@code standard-webhooks} each is
     *                {@code whsec_<base64>} or bare base64; for {@code hmac} and {@code token} the
     *                bytes are the key or token itself.
     * @throws IllegalArgumentException when {@code secrets} is empty
     */
    Verdict verify(Delivery delivery, List<byte[]> secrets);

    /** The verifier for {@code spec}; timestamps are judged against {@code clock}. */
    static WebhookVerifier of(VerifySpec spec, Clock clock) {
        return switch (spec) {
            case StandardWebhooksSpec s -> new StandardWebhooksVerifier(s, clock);
            case HmacSpec s -> new HmacVerifier(s, clock);
            case TokenSpec s -> new TokenVerifier(s);
            case VendorSpec s -> new VendorVerifier(s, clock);
        };
    }
}
