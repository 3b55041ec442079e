package dev.weft.engine;

import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.FlowReader;
import java.util.Set;

/** Turns flow source (YAML or JSON) into a validated {@link Flow}. */
@FunctionalInterface
public interface FlowParser {
    Flow parse(String fileName, String source) throws InvalidFlowException;

    /**
     * The standard parser ({@link FlowReader}); when {@code knownOperations} is not empty, a call of any
     * other operation is a problem.
     */
    static FlowParser reading(Set<String> knownOperations) {
        return reading(knownOperations, java.util.Map.of());
    }

    /** The standard parser, also running {@code triggerChecks} (by trigger type) on every trigger. */
    static FlowParser reading(Set<String> knownOperations,
            java.util.Map<String, dev.weft.engine.flow.TriggerCheck> triggerChecks) {
        return reading(knownOperations, triggerChecks, dev.weft.engine.flow.CallCheck.NONE);
    }

    /** The standard parser, also running {@code callCheck} on every call step of a known operation. */
    static FlowParser reading(Set<String> knownOperations,
            java.util.Map<String, dev.weft.engine.flow.TriggerCheck> triggerChecks,
            dev.weft.engine.flow.CallCheck callCheck) {
        return (fileName, source) -> {
            FlowReader.Result r = FlowReader.read(fileName, source, knownOperations, triggerChecks,
                    callCheck);
            if (!r.ok()) {
                throw new InvalidFlowException(r.problems());
            }
            return r.flow();
        };
    }
}
