package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Follows the {@code $ref}s of one document to the places they point at within it ({@code #/components/...},
 * {@code #/definitions/...}). A reference to another document is not followed: that would fetch a URL the
 * system's configuration does not name, around the platform's transport. Immutable.
 */
final class Refs {
    private final JsonNode root;

    Refs(JsonNode root) {
        this.root = root;
    }

    /** The node itself, or what its {@code $ref} (and the next one's) points at. */
    JsonNode deref(JsonNode node) throws NotMappable {
        Set<String> seen = new HashSet<>();
        JsonNode at = node;
        while (at != null && at.isObject() && at.path("$ref").isTextual()) {
            String ref = at.get("$ref").textValue();
            if (!seen.add(ref)) {
                throw new NotMappable("$ref '" + ref + "' refers to itself");
            }
            at = at(ref);
        }
        return at;
    }

    /** What a local reference ({@code #/a/b}) points at. */
    JsonNode at(String ref) throws NotMappable {
        if (!ref.startsWith("#")) {
            throw new NotMappable("$ref '" + ref + "' refers to another document; only references within the"
                    + " document are followed (bundle the document into one file first)");
        }
        JsonNode at = root;
        String pointer = ref.substring(1);
        if (!pointer.isEmpty()) {
            for (String token : pointer.substring(1).split("/", -1)) {
                String name = URLDecoder.decode(token.replace("+", "%2B"), StandardCharsets.UTF_8)
                        .replace("~1", "/").replace("~0", "~");
                at = at.isArray() && name.matches("\\d+") ? at.get(Integer.parseInt(name)) : at.get(name);
                if (at == null) {
                    throw new NotMappable("$ref '" + ref + "' points at nothing in the document");
                }
            }
        }
        return at;
    }

    /**
     * The name of a reusable schema a reference points at ({@code Pet} of {@code #/components/schemas/Pet} or
     * {@code #/definitions/Pet}), or null for any other reference.
     */
    static String schemaName(String ref) {
        for (String prefix : new String[]{"#/components/schemas/", "#/definitions/"}) {
            if (ref.startsWith(prefix) && ref.indexOf('/', prefix.length()) < 0) {
                return ref.substring(prefix.length());
            }
        }
        return null;
    }
}
