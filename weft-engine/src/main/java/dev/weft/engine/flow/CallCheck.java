package dev.weft.engine.flow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A check of a {@code call} step that only the platform can make, such as whether its {@code with} fits
 * the operation's input schema. Registered with the flow reader; implementations are thread-safe.
 */
@FunctionalInterface
public interface CallCheck {

    /** Checks nothing. */
    CallCheck NONE = (operation, system, with) -> List.of();

    /**
     * The problems of one call, each located by a JSON pointer relative to the step (such as
     * {@code /with/method}).
     *
     * @param with the step's {@code with} as written: values may hold expressions, which are known only
     *     when the step runs
     */
    List<TriggerCheck.Finding> check(String operation, String system, JsonNode with);
}
