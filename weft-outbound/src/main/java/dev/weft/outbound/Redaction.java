package dev.weft.outbound;

import dev.weft.webhooks.StandardWebhooksSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What of a request's headers may be shown: the signature's values and the values of headers whose names
 * say they carry a secret (a cookie, or a name containing key, token, secret, passw, auth, signature,
 * credential or session) become {@code [redacted]}. Stateless.
 */
public final class Redaction {
    public static final String REDACTED = "[redacted]";
    private static final Pattern SECRET_NAME = Pattern.compile(
            "cookie|set-cookie|.*(key|token|secret|passw|auth|signature|credential|session).*");

    private Redaction() {
    }

    /** Whether a header of this name is shown redacted. */
    public static boolean secretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals(StandardWebhooksSpec.SIGNATURE_HEADER) || SECRET_NAME.matcher(lower).matches();
    }

    /** The headers with the values of secret ones redacted, in the same order. */
    public static Map<String, String> headers(Map<String, String> headers) {
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((k, v) -> shown.put(k, secretName(k) ? REDACTED : v));
        return shown;
    }
}
