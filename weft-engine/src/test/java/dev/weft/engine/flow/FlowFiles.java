package dev.weft.engine.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reading flows in tests: problems as {@code line:column path} and by message. */
final class FlowFiles {
    private FlowFiles() {
    }

    static List<Problem> problems(String yaml) {
        return FlowReader.read("flow.yaml", yaml).problems();
    }

    /** The one problem of {@code yaml}, failing the test if there are more or none. */
    static Problem onlyProblem(String yaml) {
        List<Problem> problems = problems(yaml);
        assertThat(problems).as("problems").hasSize(1);
        return problems.get(0);
    }

    static String at(Problem p) {
        return p.location().line() + ":" + p.location().column() + " " + p.path();
    }

    static Flow flow(String yaml) {
        FlowReader.Result result = FlowReader.read("flow.yaml", yaml);
        assertThat(result.problems()).as("problems").isEmpty();
        return result.flow();
    }

    static String resource(String name) {
        try {
            return Files.readString(Path.of("src/test/resources/flows", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
