package dev.weft.engine;

import dev.weft.engine.flow.Flow;

/** Turns flow source (YAML or JSON) into a validated {@link Flow}. */
@FunctionalInterface
public interface FlowParser {
    Flow parse(String fileName, String source) throws InvalidFlowException;
}
