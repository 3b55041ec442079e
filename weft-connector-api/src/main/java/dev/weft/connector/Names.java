package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;

/** The spelling rules the declarations share. */
final class Names {
    static final String CONNECTOR = "[a-z][a-z0-9-]*";
    static final String OPERATION = CONNECTOR + "\\.[a-z][a-z0-9_]*";
    /** Semantic versioning's core: MAJOR.MINOR.PATCH, with an optional pre-release. */
    static final String VERSION = "(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?";

    private Names() {
    }

    /** Inputs and configurations are JSON objects: their schema must say so. */
    static void requireObjectSchema(String what, JsonNode schema) {
        if (!schema.isObject() || !"object".equals(schema.path("type").asText())) {
            throw new IllegalArgumentException(
                    what + " must be a JSON Schema of \"type\": \"object\", but was "
                            + schema);
        }
    }
}
