package dev.weft.engine.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Checks settings of a trigger that a module other than the engine understands (a webhook's
 * {@code verify}, for one). Registered by trigger type with {@link FlowReader}; must be thread-safe.
 */
@FunctionalInterface
public interface TriggerCheck {

    /**
     * The key under which the check of connector triggers (any type with a dot, such as
     * {@code rabbitmq.consume}) is registered.
     */
    String CONNECTOR_TRIGGERS = "connector";

    /** The problems of one trigger object, each located by a JSON pointer relative to the trigger. */
    List<Finding> check(JsonNode trigger);

    /** One problem: {@code pointer} such as {@code /verify/scheme} (empty for the trigger itself). */
    record Finding(String pointer, String message) {
    }
}
