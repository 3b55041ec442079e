package dev.weft.webhooks;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link WebhookSigner} produced for one delivery: headers to send and query parameters to add
 * to the URL, in a stable order. Immutable; {@code toString} shows names only, since a token scheme puts
 * the secret itself in a value.
 */
public record Signature(Map<String, String> headers, Map<String, String> query) {
    public Signature {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    }

    @Override
    public String toString() {
        return "Signature[headers=" + headers.keySet() + ", query=" + query.keySet() + "]";
    }
}
