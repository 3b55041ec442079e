package dev.weft.cli;

import dev.weft.connector.OperationSpec;
import dev.weft.gateway.ConnectorRegistry;
import dev.weft.engine.FlowParser;
import dev.weft.engine.InvalidFlowException;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.FlowReader;
import dev.weft.server.api.CallInputCheck;
import dev.weft.engine.flow.Problem;
import dev.weft.engine.flow.SourceLocation;
import dev.weft.engine.flow.TriggerCheck;
import dev.weft.server.hooks.SignatureCheck;
import dev.weft.server.triggers.ConnectorTriggerCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads flow files as the server does: with the operations of every connector on the class path known,
 * webhook triggers' {@code verify} settings checked, and connector triggers' configuration checked against
 * their declarations.
 */
final class Flows {
    /** The connectors on the class path: the ones flows are checked against and the gateway calls. */
    static final ConnectorRegistry CONNECTORS = ConnectorRegistry.discover();
    private static final Map<String, OperationSpec> DECLARED = CONNECTORS.operations();
    /** The connectors' operations and the server's own {@code sync.changed} (a server answers it, not a connector). */
    private static final Set<String> OPERATIONS = operations();
    /** A call's literal {@code with} against its operation's input schema, as {@code weft server} checks it. */
    private static final CallInputCheck CALLS = new CallInputCheck(DECLARED::get);
    private static final Map<String, TriggerCheck> TRIGGER_CHECKS = Map.of("webhook",
            SignatureCheck.triggerCheck(), TriggerCheck.CONNECTOR_TRIGGERS,
            new ConnectorTriggerCheck(CONNECTORS.specs()));

    private Flows() {
    }

    private static Set<String> operations() {
        Set<String> all = new java.util.TreeSet<>(CONNECTORS.operationNames());
        all.add(dev.weft.sync.SyncService.CHANGED_OPERATION);
        return Set.copyOf(all);
    }

    static Flow parse(String fileName, String source) throws InvalidFlowException {
        return FlowParser.reading(OPERATIONS, TRIGGER_CHECKS, CALLS).parse(fileName, source);
    }

    /** The flow in {@code source}, or every problem found; {@code fileName} names it in the problems. */
    static FlowReader.Result read(String fileName, String source) {
        return FlowReader.read(fileName, source, OPERATIONS, TRIGGER_CHECKS, CALLS);
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
