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

    /**
     * Refuses a regular expression literal that is not a whole argument of one of {@link #FUNCTIONS}. The text
     * is read as JSONata's lexer reads it: a {@code /} starts a regular expression where an operand is
     * expected (after an operator, an opening bracket, a comma, or at the start), and is a division
     * elsewhere; strings, quoted names and comments are skipped.
     *
     * @throws ExpressionException at the regular expression, saying where it may be used
     */
    static void checkPlacement(String expression, int offset) throws ExpressionException {
        java.util.ArrayDeque<String> calls = new java.util.ArrayDeque<>();
        boolean operand = false; // whether the last token ends an operand (so '/' divides)
        String lastName = null; // a $name right before '(' makes a function call
        char last = 0; // the last significant character outside literals
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '/' && i + 1 < expression.length() && expression.charAt(i + 1) == '*') {
                int end = expression.indexOf("*/", i + 2);
                i = end < 0 ? expression.length() : end + 2;
                continue;
            }
            if (c == '"' || c == '\'' || c == '`') {
                i = skipQuoted(expression, i, c);
                operand = true;
                lastName = null;
                last = c;
                continue;
            }
            if (c == '/' && !operand) {
                int end = regexEnd(expression, i);
                String call = calls.isEmpty() ? "" : calls.peek();
                int after = skipSpace(expression, end);
                boolean wholeArgument = (last == '(' || last == ',')
                        && after < expression.length()
                        && (expression.charAt(after) == ',' || expression.charAt(after) == ')');
                if (!FUNCTIONS.contains(call) || !wholeArgument) {
                    throw new ExpressionException("a regular expression may only be an argument of $match,"
                            + " $contains, $replace or $split, written in the call (such as $match(text, /a+/)):"
                            + " elsewhere its matching could not be bounded", offset + i, null);
                }
                i = end;
                operand = true;
                lastName = null;
                last = '/';
                continue;
            }
            if (c == '$' || Character.isLetterOrDigit(c) || c == '_') {
                int start = i;
                i++;
                while (i < expression.length() && (Character.isLetterOrDigit(expression.charAt(i))
                        || expression.charAt(i) == '_' || expression.charAt(i) == '.'
                                && i + 1 < expression.length()
                                && Character.isDigit(expression.charAt(i + 1))
                                && Character.isDigit(expression.charAt(start)))) {
                    i++;
                }
                String word = expression.substring(start, i);
                boolean keyword = word.equals("and") || word.equals("or") || word.equals("in");
                operand = !keyword;
                lastName = word.startsWith("$") ? word.substring(1) : null;
                last = word.charAt(word.length() - 1);
                continue;
            }
            switch (c) {
                case '(' -> {
                    calls.push(lastName != null && operand ? lastName : "");
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
                default -> operand = false; // an operator, ',', ':', ';', '?'
            }
            lastName = null;
            last = c;
            i++;
        }
    }

    /** The index after the regular expression starting at {@code start} (flags included), as JSONata scans it. */
    private static int regexEnd(String s, int start) throws ExpressionException {
        int depth = 0;
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean escaped = escaped(s, i);
            if (c == '/' && depth == 0 && !escaped) {
                int end = i + 1;
                while (end < s.length() && (s.charAt(end) == 'i' || s.charAt(end) == 'm')) {
                    end++;
                }
                return end;
            }
            if ((c == '(' || c == '[' || c == '{') && !escaped) {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && !escaped) {
                depth--;
            }
        }
        return s.length(); // unterminated: JSONata's parser reports it
    }

    private static boolean escaped(String s, int i) {
        int backslashes = 0;
        while (i - backslashes - 1 >= 0 && s.charAt(i - backslashes - 1) == '\\') {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static int skipQuoted(String s, int start, char quote) {
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quote != '`') {
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
