package dev.weft.connector.http;

import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code Link} header of RFC 8288: {@code <https://api.example.com/items?page=2>; rel="next",
 * <...>; rel="last"}. Only the link target and its {@code rel} matter here; other parameters are skipped,
 * quoted strings included (a comma inside one does not end the link). Stateless.
 */
final class LinkHeader {

    private LinkHeader() {
    }

    /** The target of the first link whose {@code rel} holds {@code relation}, as written; null when none. */
    static String find(List<String> headerValues, String relation) {
        for (String value : headerValues) {
            String found = find(value, relation);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String find(String header, String relation) {
        int i = 0;
        int n = header.length();
        while (i < n) {
            int open = header.indexOf('<', i);
            if (open < 0) {
                return null;
            }
            int close = header.indexOf('>', open);
            if (close < 0) {
                return null;
            }
            String target = header.substring(open + 1, close).strip();
            i = close + 1;
            boolean matches = false;
            // parameters up to the comma that ends this link
            while (i < n && header.charAt(i) != ',') {
                char c = header.charAt(i);
                if (c == ';' || Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                int nameEnd = i;
                while (nameEnd < n && "=;,".indexOf(header.charAt(nameEnd)) < 0) {
                    nameEnd++;
                }
                String name = header.substring(i, nameEnd).strip().toLowerCase(Locale.ROOT);
                i = nameEnd;
                String value = "";
                if (i < n && header.charAt(i) == '=') {
                    i++;
                    while (i < n && header.charAt(i) == ' ') {
                        i++;
                    }
                    StringBuilder v = new StringBuilder();
                    if (i < n && header.charAt(i) == '"') {
                        for (i++; i < n && header.charAt(i) != '"'; i++) {
                            if (header.charAt(i) == '\\' && i + 1 < n) {
                                i++;
                            }
                            v.append(header.charAt(i));
                        }
                        i++; // the closing quote
                    } else {
                        while (i < n && ";,".indexOf(header.charAt(i)) < 0) {
                            v.append(header.charAt(i++));
                        }
                    }
                    value = v.toString().strip();
                }
                if (name.equals("rel")) {
                    // rel holds one or more relation types separated by spaces, compared case-insensitively
                    for (String r : value.split("\\s+")) {
                        matches |= r.equalsIgnoreCase(relation);
                    }
                }
            }
            if (matches) {
                return target;
            }
            i++; // the comma
        }
        return null;
    }
}
