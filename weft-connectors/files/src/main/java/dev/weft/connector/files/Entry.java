package dev.weft.connector.files;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One file or folder as a store sees it. Immutable.
 *
 * @param path its path under the root
 * @param modified the last modification time (SFTP servers usually give whole seconds)
 */
record Entry(RelativePath path, long size, Instant modified, boolean directory) {
    Entry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(modified, "modified");
    }

    String name() {
        return path.name();
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("name", name());
        node.put("path", path.toString());
        node.put("size", size);
        node.put("modified", modified.toString());
        node.put("directory", directory);
        return node;
    }
}
