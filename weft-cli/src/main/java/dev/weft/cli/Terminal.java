package dev.weft.cli;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

/** Whether a person is at the command line, and asking them. */
final class Terminal {
    private Terminal() {
    }

    /** True when standard input and output are both a terminal. */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // From JDK 22 a console exists even when the streams are redirected, and isTerminal() tells;
            // on JDK 21 (this code's compile target) there is a console only on a terminal.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (IllegalAccessException | InvocationTargetException e) {
            return false;
        }
    }

    /** Asks a yes/no question on the terminal; anything but y or yes (and end of input) is no. */
    static boolean confirm(String question) {
        Console console = System.console();
        String answer = console == null ? null : console.readLine("%s [y/N] ", question);
        return answer != null && (answer.strip().equalsIgnoreCase("y")
                || answer.strip().toLowerCase(Locale.ROOT).equals("yes"));
    }
}
