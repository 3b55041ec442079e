package dev.weft.engine.expr;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Regular expressions under the evaluation's bounds. Java's regex engine backtracks, so a pattern such as
 * {@code /(.*a){25}b/} can run for minutes on a short string, on a carrier thread that the rest of the
 * process shares, and nothing interrupts it. So:
 *
 * <ul>
 *   <li>a regular expression may appear only as an argument of {@code $match}, {@code $contains},
 *       {@code $replace} or {@code $split} ({@link #checkPlacement}, when the expression is compiled): those
 *       are the functions {@link Builtins} replaces. JSONata would also apply a regex as a function
 *       ({@code /x/("text")}, bound to a variable, passed to {@code $map}), where nothing could bound it;
 *       such an expression is refused with the way to write it;</li>
 *   <li>before one of those functions runs, the matches it will look for are looked for once on a view of
 *       the text that counts every character the engine reads ({@link #check}): past
 *       {@link #STEPS_PER_EVALUATION} reads in one evaluation the evaluation fails. Work, not time, as every
 *       other bound (docs/design/expression-bounds.md): the same expression on the same data fails or not
 *       the same way each time. The function then runs as JSONata defines it, reading at most as much
 *       again.</li>
 * </ul>
 *
 * Stateless; thread-safe.
 */
final class Regexes {
    /**
     * Characters the regex engine may read in one evaluation: a few hundred milliseconds of matching on the
     * 2-core development machine, far more than any sane pattern needs on a megabyte of text.
     */
    static final long STEPS_PER_EVALUATION = 20_000_000L;
    /** The functions that take a regular expression, whose replacements bound it. */
    static final Set<String> FUNCTIONS = Set.of("match", "contains", "replace", "split");

    private Regexes() {
    }

    /**
     * Looks for the matches of {@code pattern} in {@code text} (at most {@code limit}; all when it is negative)
     * with every character read counted against the evaluation's budget, and returns how many it found.
     *
     * @throws Bounds.Violation when the budget runs out
     */
    static long check(Bounds bounds, Pattern pattern, String text, long limit) {
        if (text == null || pattern == null) {
            return 0;
        }
        Matcher m = pattern.matcher(new CountedChars(text, bounds));
        long found = 0;
        while ((limit < 0 || found < limit) && m.find()) {
            found++;
        }
        return found;
    }

    /** A text whose every character read is counted. */
    private record CountedChars(String text, Bounds bounds) implements CharSequence {
        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            bounds.regexStep();
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new CountedChars(text.substring(start, end), bounds);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** JSONata's one-character operators (its tokenizer's table): a name ends at one of them. */
    private static final String OPERATOR_CHARS = ".[]{}(),@#;:?+-*/%|=<>^&!~";
    private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern
            .compile("-?(0|([1-9][0-9]*))(\\.[0-9]+)?([Ee][-+]?[0-9]+)?");

    /**
     * Refuses a regular expression literal that is not a whole argument of one of {@link #FUNCTIONS}, and
     * any use of those functions' names other than a call (rebinding {@code $match} or passing it on would
     * let a regex reach code that does not bound it). The text is read as dashjoin's JSONata tokenizer reads
     * it, in its order: comments, then a regular expression where an operand is expected (after an
     * operator, an opening bracket, a comma, or at the start), two- and one-character operators, strings,
     * numbers, backquoted names, and names, which run to the next operator character or space.
     *
     * @throws ExpressionException at the offending text, saying how to write it
     */
    static void checkPlacement(String expression, int offset) throws ExpressionException {
        java.util.ArrayDeque<String> calls = new java.util.ArrayDeque<>();
        boolean operand = false; // whether the last token ends an operand (so '/' divides)
        String variable = null; // the variable token just read, for a call that follows
        String last = ""; // the last token's text, for a regex's place in a call
        int[] depth = {0}; // dashjoin's regex bracket depth, which carries over from one regex to the next
        int i = 0;
        int n = expression.length();
        while (i < n) {
            char c = expression.charAt(i);
            if (" \t\n\r".indexOf(c) >= 0) {
                i++;
                continue;
            }
            if (c == '/' && i + 1 < n && expression.charAt(i + 1) == '*') {
                int end = expression.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                continue;
            }
            if (c == '/' && !operand) {
                int end = regexEnd(expression, i, depth);
                String call = calls.isEmpty() ? "" : calls.peek();
                int after = skipSpace(expression, end);
                boolean wholeArgument = (last.equals("(") || last.equals(","))
                        && after < n && (expression.charAt(after) == ',' || expression.charAt(after) == ')');
                if (!FUNCTIONS.contains(call) || !wholeArgument) {
                    throw new ExpressionException("a regular expression may only be an argument of $match,"
                            + " $contains, $replace or $split, written in the call (such as $match(text, /a+/)):"
                            + " elsewhere its matching could not be bounded", offset + i, null);
                }
                i = end;
                operand = true;
                variable = null;
                last = "/";
                continue;
            }
            String two = i + 1 < n ? expression.substring(i, i + 2) : "";
            if (two.equals("..") || two.equals(":=") || two.equals("!=") || two.equals("<=")
                    || two.equals(">=")
                    || two.equals("~>") || two.equals("?:") || two.equals("??") || two.equals("**")) {
                // '**' where an operand is expected is the descendants wildcard, an operand itself
                operand = two.equals("**") && !operand;
                checkCalled(variable, two, offset + i);
                variable = null;
                last = two;
                i += 2;
                continue;
            }
            if (OPERATOR_CHARS.indexOf(c) >= 0) {
                checkCalled(variable, String.valueOf(c), offset + i);
                switch (c) {
                    case '(' -> {
                        calls.push(variable != null ? variable : "");
                        operand = false;
                    }
                    case '[', '{' -> {
                        calls.push("");
                        operand = false;
                    }
                    case ')', ']', '}' -> {
                        if (!calls.isEmpty()) {
                            calls.pop();
                        }
                        operand = true;
                    }
                    // a wildcard or the parent operator where an operand is expected is an operand itself
                    case '*', '%' -> operand = !operand;
                    default -> operand = false;
                }
                variable = null;
                last = String.valueOf(c);
                i++;
                continue;
            }
            checkCalled(variable, "", offset + i);
            variable = null;
            if (c == '"' || c == '\'') {
                i = skipString(expression, i, c);
                operand = true;
                last = "string";
                continue;
            }
            java.util.regex.Matcher number = NUMBER.matcher(expression).region(i, n);
            if (number.lookingAt()) {
                i = number.end();
                operand = true;
                last = "number";
                continue;
            }
            if (c == '`') {
                int end = expression.indexOf('`', i + 1);
                i = end < 0 ? n : end + 1;
                operand = true;
                last = "name";
                continue;
            }
            int end = i;
            while (end < n && " \t\n\r".indexOf(expression.charAt(end)) < 0
                    && OPERATOR_CHARS.indexOf(expression.charAt(end)) < 0) {
                end++;
            }
            String word = expression.substring(i, end);
            boolean keyword = word.equals("and") || word.equals("or") || word.equals("in");
            operand = !keyword;
            variable = word.startsWith("$") ? word.substring(1) : null;
            last = word;
            i = end;
        }
        checkCalled(variable, "", offset + n);
    }

    /** A name of {@link #FUNCTIONS} must be called: {@code next} (what follows it) must be '('. */
    private static void checkCalled(String variable, String next, int at) throws ExpressionException {
        if (variable != null && FUNCTIONS.contains(variable) && !next.equals("(")) {
            throw new ExpressionException("$" + variable + " may only be called, as in $" + variable
                    + "(...): bound to a name or passed on, the regular expressions given to it could not be"
                    + " bounded", at, null);
        }
    }

    /**
     * The index after the regular expression starting at {@code start} (flags included), as dashjoin's
     * tokenizer scans it: a bracket counts unless the one character before it is a backslash, and the
     * closing slash is one outside brackets after an even number of backslashes.
     */
    private static int regexEnd(String s, int start, int[] depth) {
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/' && depth[0] == 0 && backslashesBefore(s, i) % 2 == 0) {
                int end = i + 1;
                while (end < s.length() && (s.charAt(end) == 'i' || s.charAt(end) == 'm')) {
                    end++;
                }
                return end;
            }
            boolean escaped = s.charAt(i - 1) == '\\';
            if ((c == '(' || c == '[' || c == '{') && !escaped) {
                depth[0]++;
            } else if ((c == ')' || c == ']' || c == '}') && !escaped) {
                depth[0]--;
            }
        }
        return s.length(); // unterminated: JSONata's parser reports it
    }

    private static int backslashesBefore(String s, int i) {
        int count = 0;
        while (i - count - 1 >= 0 && s.charAt(i - count - 1) == '\\') {
            count++;
        }
        return count;
    }

    /** The index after a string literal: a backslash escapes the next character. */
    private static int skipString(String s, int start, char quote) {
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        return s.length();
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
