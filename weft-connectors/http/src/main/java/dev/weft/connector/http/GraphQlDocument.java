package dev.weft.connector.http;

import java.util.ArrayList;
import java.util.List;

/**
 * The operations a GraphQL document defines, found by reading its top level only: comments, strings
 * (block strings too) and commas are skipped, and everything inside braces, parentheses and brackets is
 * passed over. An operation is {@code query}, {@code mutation} or {@code subscription}, optionally named;
 * a document that starts with a selection set ({@code { ... }}) is an anonymous query. This is enough to
 * tell a read from a write without parsing the whole language; the server still validates the document.
 * Stateless.
 */
final class GraphQlDocument {

    /** One operation definition: its type and its name (null when anonymous). */
    record Operation(String type, String name) {
    }

    private GraphQlDocument() {
    }

    static List<Operation> operations(String document) {
        List<Operation> found = new ArrayList<>();
        int depth = 0;
        boolean definitionStart = true;
        String pendingType = null; // an operation keyword read, its name not yet
        int n = document.length();
        int i = 0;
        while (i < n) {
            char c = document.charAt(i);
            if (c == '#') {
                while (i < n && document.charAt(i) != '\n' && document.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '"') {
                i = skipString(document, i);
                pendingType = flush(found, pendingType);
            } else if (c == '{' || c == '(' || c == '[') {
                if (depth == 0 && c == '{' && definitionStart) {
                    found.add(new Operation("query", null)); // the shorthand: a selection set alone
                }
                pendingType = flush(found, pendingType);
                definitionStart = false;
                depth++;
                i++;
            } else if (c == '}' || c == ')' || c == ']') {
                depth = Math.max(0, depth - 1);
                definitionStart = depth == 0 && c == '}';
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n
                        && (Character.isLetterOrDigit(document.charAt(i)) || document.charAt(i) == '_')) {
                    i++;
                }
                String name = document.substring(start, i);
                if (depth > 0) {
                    continue;
                }
                if (pendingType != null) {
                    found.add(new Operation(pendingType, name));
                    pendingType = null;
                } else if (definitionStart && (name.equals("query") || name.equals("mutation")
                        || name.equals("subscription"))) {
                    pendingType = name;
                }
                definitionStart = false;
            } else {
                // whitespace, commas, the byte order mark, punctuators ($ : = @ ! ...) and numbers
                if (!Character.isWhitespace(c) && c != ',' && c != '\uFEFF') {
                    pendingType = flush(found, pendingType);
                }
                i++;
            }
        }
        flush(found, pendingType);
        return found;
    }

    /** An operation keyword followed by something other than a name is an anonymous operation. */
    private static String flush(List<Operation> found, String pendingType) {
        if (pendingType != null) {
            found.add(new Operation(pendingType, null));
        }
        return null;
    }

    /** The index after the string starting at {@code i}, a block string ({@code """}) or a plain one. */
    private static int skipString(String s, int i) {
        int n = s.length();
        if (s.startsWith("\"\"\"", i)) {
            for (int j = i + 3; j < n; j++) {
                if (s.startsWith("\\\"\"\"", j)) {
                    j += 3; // an escaped triple quote inside the block
                } else if (s.startsWith("\"\"\"", j)) {
                    return j + 3;
                }
            }
            return n;
        }
        for (int j = i + 1; j < n; j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '"' || c == '\n') {
                return j + 1;
            }
        }
        return n;
    }
}
