package dev.weft.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code namespace_roles} column of keys and users: a JSON object from namespace to role name, null
 * when there is none.
 */
final class NamespaceRoles {
    private NamespaceRoles() {
    }

    static JsonNode json(Map<String, String> roles) {
        if (roles.isEmpty()) {
            return null;
        }
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(roles).forEach(object::put);
        return object;
    }

    static Map<String, String> of(JsonNode stored) {
        Map<String, String> roles = new LinkedHashMap<>();
        if (stored != null && stored.isObject()) {
            stored.properties().forEach(e -> roles.put(e.getKey(), e.getValue().asText()));
        }
        return roles;
    }
}
