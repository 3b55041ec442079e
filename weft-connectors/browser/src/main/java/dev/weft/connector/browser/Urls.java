package dev.weft.connector.browser;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * URLs as Chromium sends them, made into {@link URI}s: Chromium accepts characters in a path or query that
 * {@code java.net.URI} rejects ({@code |}, {@code ^}, {@code {}}, a space, a second {@code #}, a stray
 * {@code %}), so those are percent-encoded first, as RFC 3986 asks. Neither the URL nor a parser's message is
 * ever put into an error: a URL's query may hold a token. Stateless.
 */
final class Urls {
    private static final String KEPT = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            + "-._~:/?@!$&'()*+,;=";
    private static final String HEX = "0123456789ABCDEF";

    private Urls() {
    }

    /** {@code url} (absolute or relative) as a URI, or empty when even encoded it is none. */
    static Optional<URI> parse(String url) {
        try {
            return Optional.of(new URI(encoded(url)));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code url} with every character {@code URI} rejects percent-encoded: the authority (where an IPv6
     * literal's brackets belong) is kept as it is, and the first {@code #} stays the fragment's.
     */
    static String encoded(String url) {
        int start = 0;
        int scheme = url.indexOf("://");
        if (scheme > 0 && url.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            start = scheme + 3;
            while (start < url.length() && "/?#".indexOf(url.charAt(start)) < 0) {
                start++;
            }
        }
        StringBuilder out = new StringBuilder(url.length() + 16).append(url, 0, start);
        boolean fragment = false;
        for (int i = start; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '#' && !fragment) {
                fragment = true;
                out.append(c);
            } else if (c == '%' && i + 2 < url.length() && hex(url.charAt(i + 1)) && hex(url.charAt(i + 2))) {
                out.append(c);
            } else if (c < 128 && KEPT.indexOf(c) >= 0) {
                out.append(c);
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < url.length() ? i + 2 : i + 1;
                for (byte b : url.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
                }
                i = end - 1;
            }
        }
        return out.toString();
    }

    private static boolean hex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** {@code url} without its query and fragment (and user info), whether or not it parses. */
    static String withoutQuery(String url) {
        Optional<URI> uri = parse(url);
        if (uri.isPresent()) {
            return dev.weft.connector.HttpTransport.withoutSecrets(uri.get());
        }
        int cut = url.length();
        for (char c : new char[]{'?', '#'}) {
            int at = url.indexOf(c);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return url.substring(0, cut);
    }

    /**
     * {@code text} with the query of {@code url} (as sent, and as encoded) taken out: a message of the
     * transport or the egress rules may quote the whole URL.
     */
    static String withoutQueryOf(String url, String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String form : new String[]{url, encoded(url)}) {
            int cut = form.indexOf('?');
            if (cut >= 0 && cut + 1 < form.length()) {
                out = out.replace(form.substring(cut), "");
            }
        }
        return out;
    }
}
