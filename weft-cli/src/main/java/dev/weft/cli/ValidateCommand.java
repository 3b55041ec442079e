package dev.weft.cli;

import dev.weft.engine.flow.Problem;
import dev.weft.sync.SyncJobReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code weft validate FILE...}: checks flow files and sync job files ({@code kind: sync}), printing every
 * problem located by line.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, description = {
        "Validate flow files and sync job files (kind: sync), YAML or JSON. A sync job's systems are checked"
                + " only by the server, when it is deployed.",
        "Prints one line per problem as file:line:column: message; exits 0 when every file is valid, 2 otherwise."})
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Flow and sync job files to check.")
    List<Path> files;

    @Override
    public Integer call() {
        int problems = 0;
        for (Path file : files) {
            List<Problem> found = problems(file);
            found.forEach(p -> System.out.println(p));
            problems += found.size();
        }
        if (problems == 0) {
            System.err.println(files.size() == 1 ? "1 file is valid" : files.size() + " files are valid");
            return ExitCodes.OK;
        }
        System.err.println(problems + (problems == 1 ? " problem" : " problems") + " found");
        return ExitCodes.INVALID;
    }

    private static List<Problem> problems(Path file) {
        try {
            String source = Files.readString(file, StandardCharsets.UTF_8);
            if (FlowFiles.isSyncJob(file.toString(), source)) {
                return SyncJobReader.read(file.toString(), source).problems();
            }
        } catch (IOException e) {
            // Flows.problems says so, located at the file.
        }
        return Flows.problems(file);
    }
}
