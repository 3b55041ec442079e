package dev.weft.cli;

import dev.weft.engine.flow.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code weft validate FILE...}: checks flow files, printing every problem located by line. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = {
        "Validate flow files (YAML or JSON).",
        "Prints one line per problem as file:line:column: message; exits 0 when every file is valid, 2 otherwise."})
final class ValidateCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Flow files to check.")
    List<Path> files;

    @Override
    public Integer call() {
        int problems = 0;
        for (Path file : files) {
            List<Problem> found = Flows.problems(file);
            found.forEach(p -> System.out.println(p));
            problems += found.size();
        }
        if (problems == 0) {
            System.err.println(files.size() == 1 ? "1 flow is valid" : files.size() + " flows are valid");
            return ExitCodes.OK;
        }
        System.err.println(problems + (problems == 1 ? " problem" : " problems") + " found");
        return ExitCodes.INVALID;
    }
}
