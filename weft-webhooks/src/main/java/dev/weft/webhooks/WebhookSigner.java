package dev.weft.webhooks;

import dev.weft.webhooks.internal.HmacSigner;
import dev.weft.webhooks.internal.StandardWebhooksSigner;
import dev.weft.webhooks.internal.TokenSigner;
import dev.weft.webhooks.internal.VendorSigner;
import java.time.Instant;
import java.util.List;

/**
 * Produces what a sender attaches to a delivery so that the {@link WebhookVerifier} of the same
 * {@link VerifySpec} accepts it: for outbound webhooks and for tests. Implementations are stateless and
 * thread-safe.
 */
public interface WebhookSigner {

    /**
     * The headers (and, for a token in the query, the query parameter) for one delivery.
     *
     * @param id        the delivery id; sent in the id header when the scheme has one
     * @param timestamp when the delivery is sent; only its whole seconds are signed
     * @param secrets   as for {@link WebhookVerifier#verify}. Standard Webhooks signs with each (dual
     *                  signatures during rotation); {@code hmac} and {@code token} carry one value and
     *                  take exactly one.
     * @throws IllegalArgumentException when a secret cannot be used or the number of secrets does not
     *                                  fit the scheme; the message never contains a secret
     */
    Signature sign(String id, Instant timestamp, byte[] body, List<byte[]> secrets);

    static WebhookSigner of(VerifySpec spec) {
        return switch (spec) {
            case StandardWebhooksSpec s -> new StandardWebhooksSigner();
            case HmacSpec s -> new HmacSigner(s);
            case TokenSpec s -> new TokenSigner(s);
            case VendorSpec s -> new VendorSigner(s);
        };
    }
}
