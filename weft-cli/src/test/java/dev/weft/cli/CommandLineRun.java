package dev.weft.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs the {@code weft} command line in this JVM and captures what it prints on standard output and on
 * standard error.
 */
record CommandLineRun(int exit, String out, String err) {

    static CommandLineRun weft(String... args) {
        return weft(System.getenv(), args);
    }

    /** Runs with {@code environment} as the command's environment variables. */
    static CommandLineRun weft(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = Weft.execute(environment, args);
            return new CommandLineRun(exit, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** Standard output and standard error together, for checks that hold for both. */
    String all() {
        return out + err;
    }
}
