package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A worked example of an operation or a trigger: shown on its docs page and checked by the connector
 * contract suite ({@code input} must fit the input schema, {@code output}, when given, the output schema).
 *
 * @param title one line, for example {@code "Create a customer"}
 * @param input the operation's {@code with} (or the trigger's configuration)
 * @param output what it returns (or the event it emits); null when it depends on the target too much
 */
public record Example(String title, JsonNode input, JsonNode output) {
    public Example {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(input, "input");
        if (title.isBlank()) {
            throw new IllegalArgumentException("an example's title must not be blank");
        }
    }
}
