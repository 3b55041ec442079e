package dev.weft.cli;

import dev.weft.connector.Connector;
import dev.weft.connector.OperationSpec;
import dev.weft.engine.Engine;
import dev.weft.engine.FlowParser;
import dev.weft.engine.InvalidFlowException;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.FlowReader;
import dev.weft.engine.flow.Problem;
import dev.weft.engine.flow.SourceLocation;
import dev.weft.engine.flow.TriggerCheck;
import dev.weft.server.hooks.SignatureCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads flow files as the server does: with the operations of every connector on the class path known, and
 * webhook triggers' {@code verify} settings checked.
 */
final class Flows {
    private static final Set<String> OPERATIONS = operations();
    private static final Map<String, TriggerCheck> TRIGGER_CHECKS = Map.of("webhook",
            SignatureCheck.triggerCheck());

    private Flows() {
    }

    private static Set<String> operations() {
        Set<String> names = new TreeSet<>();
        for (Connector c : Engine.discoverConnectors()) {
            c.spec().operations().stream().map(OperationSpec::name).forEach(names::add);
        }
        return Set.copyOf(names);
    }

    static Flow parse(String fileName, String source) throws InvalidFlowException {
        return FlowParser.reading(OPERATIONS, TRIGGER_CHECKS).parse(fileName, source);
    }

    /** The flow in {@code source}, or every problem found; {@code fileName} names it in the problems. */
    static FlowReader.Result read(String fileName, String source) {
        return FlowReader.read(fileName, source, OPERATIONS, TRIGGER_CHECKS);
    }

    static List<Problem> problems(Path file) {
        try {
            return read(file.toString(), Files.readString(file, StandardCharsets.UTF_8)).problems();
        } catch (IOException e) {
            return List.of(new Problem(new SourceLocation(file.toString(), 1, 1), "", "cannot read the file: "
                    + e.getMessage()));
        }
    }
}
