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
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads flow files with the operations of every connector on the class path known. */
final class Flows {
    private static final Set<String> OPERATIONS = operations();

    private Flows() {
    }

    private static Set<String> operations() {
        Set<String> names = new TreeSet<>();
        for (Connector c : Engine.discoverConnectors()) {
            c.operations().stream().map(OperationSpec::name).forEach(names::add);
        }
        return Set.copyOf(names);
    }

    static Flow parse(String fileName, String source) throws InvalidFlowException {
        return FlowParser.reading(OPERATIONS).parse(fileName, source);
    }

    static List<Problem> problems(Path file) {
        try {
            return FlowReader.read(file, OPERATIONS).problems();
        } catch (IOException e) {
            return List.of(new Problem(new SourceLocation(file.toString(), 1, 1), "", "cannot read the file: "
                    + e.getMessage()));
        }
    }
}
