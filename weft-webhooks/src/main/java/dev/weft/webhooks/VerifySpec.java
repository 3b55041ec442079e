package dev.weft.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.webhooks.internal.SpecReader;

/**
 * How the deliveries of one webhook trigger are verified, as written in its {@code verify} object:
 * the scheme, its settings and the name of the credential that holds the secret (never the secret
 * itself). Implementations are immutable records and thread-safe.
 */
public sealed interface VerifySpec permits StandardWebhooksSpec, HmacSpec, TokenSpec, VendorSpec {

    /**
     * The value of {@code scheme}: {@code standard-webhooks}, {@code hmac}, {@code token} or a vendor's
     * ({@code stripe}, {@code slack}, {@code hubspot-v3}); the presets {@code github}, {@code shopify} and
     * {@code frappe} are read as the {@code hmac} spec they stand for.
     */
    String scheme();

    /** The name of the vault credential that holds the secret, or several during rotation. */
    String credential();

    /**
     * Reads a trigger's {@code verify} object, collecting every problem instead of stopping at the
     * first.
     *
     * @param verify  the value of the trigger's {@code verify} member (null when absent)
     * @param pointer the JSON pointer of that value in the flow file, such as
     *                {@code /triggers/0/verify}; problems carry pointers below it
     */
    static ParsedVerifySpec parse(JsonNode verify, String pointer) {
        return SpecReader.read(verify, pointer);
    }
}
