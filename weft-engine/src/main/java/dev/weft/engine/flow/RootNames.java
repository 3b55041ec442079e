package dev.weft.engine.flow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The names a JSONata expression reads from the root of its scope: the first segment of each path that
 * starts at the top level, such as {@code fetch} in {@code fetch.body.id + 1}. These are the names that
 * must be steps (or {@code input}, {@code trigger}, ...). Conservative by design: a name whose context
 * might not be the root (after a {@code .}, inside a predicate, a group, a path block, an order-by, a
 * transform or a lambda body, or an object key) is left out, so an expression is never refused for a name
 * that reads something else; a name that does not parse as expected is left out too. Stateless.
 */
final class RootNames {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "in", "true", "false", "null",
            "function");

    /** A name as written, and where it starts in the expression. */
    record Name(String name, int offset) {
    }

    private RootNames() {
    }

    /** What the previous token was, which decides what a bracket or a slash means. */
    private enum Prev {
        START, OPERAND, DOT, OPERATOR, CARET, FUNCTION
    }

    /** An open bracket: whether names inside it are read from the root, and the pipes of a transform. */
    private static final class Frame {
        final char close;
        final boolean root;
        int pipes;

        Frame(char close, boolean root) {
            this.close = close;
            this.root = root;
        }
    }

    static List<Name> of(String expression) {
        List<Name> names = new ArrayList<>();
        Deque<Frame> frames = new ArrayDeque<>();
        frames.push(new Frame('\0', true));
        Prev prev = Prev.START;
        boolean lambdaParams = false; // after `function`: its parameter list, then its body, are not root
        String s = expression;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
            } else if (c == '"' || c == '\'') {
                i = skipQuoted(s, i, c);
                prev = Prev.OPERAND;
            } else if (c == '`') {
                int end = s.indexOf('`', i + 1);
                if (end < 0) {
                    return names;
                }
                prev = name(s.substring(i + 1, end), i, prev, s, end + 1, frames, names);
                i = end + 1;
            } else if (c == '/' && prev != Prev.OPERAND) {
                i = skipRegex(s, i);
                prev = Prev.OPERAND;
            } else if (Character.isDigit(c)) {
                i = skipNumber(s, i);
                prev = Prev.OPERAND;
            } else if (c == '$') {
                int end = i + 1;
                while (end < s.length() && (isNamePart(s.charAt(end)) || s.charAt(end) == '$')) {
                    end++;
                }
                i = end;
                prev = Prev.OPERAND;
            } else if (isNameStart(c)) {
                int end = i;
                while (end < s.length() && isNamePart(s.charAt(end))) {
                    end++;
                }
                String word = s.substring(i, end);
                if (word.equals("function") || word.equals("\u03bb")) {
                    prev = Prev.FUNCTION;
                    lambdaParams = true;
                } else if (KEYWORDS.contains(word)) {
                    prev = word.equals("true") || word.equals("false") || word.equals("null")
                            ? Prev.OPERAND
                            : Prev.OPERATOR;
                } else {
                    prev = name(word, i, prev, s, end, frames, names);
                }
                i = end;
            } else if (c == '(' || c == '[' || c == '{') {
                boolean inherit = frames.peek().root && frames.peek().pipes % 3 == 0;
                boolean root;
                if (lambdaParams) {
                    root = false;
                    if (c == '{') {
                        lambdaParams = false; // the body
                    }
                } else if (c == '(') {
                    // a group or a function's arguments keep the context; a path block `a.(b)`, an
                    // order-by `^(b)` or anything after an operand that is not a call may not
                    root = inherit && (prev == Prev.START || prev == Prev.OPERATOR || isCall(s, i));
                } else {
                    // after an operand: a predicate `a[b]` or a group `a{b: c}`; otherwise a constructor
                    root = inherit && (prev == Prev.START || prev == Prev.OPERATOR);
                }
                frames.push(new Frame(c == '(' ? ')' : c == '[' ? ']' : '}', root));
                prev = Prev.START;
                i++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (frames.size() > 1 && frames.peek().close == c) {
                    frames.pop();
                } else {
                    return names; // unbalanced: leave the rest to the parser
                }
                prev = Prev.OPERAND;
                i++;
            } else if (c == '.') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '.') {
                    prev = Prev.OPERATOR; // a range `[1..n]`
                    i += 2;
                } else {
                    prev = Prev.DOT;
                    i++;
                }
            } else if (c == '|') {
                frames.peek().pipes++;
                prev = Prev.START;
                i++;
            } else if (c == '^') {
                prev = Prev.CARET;
                i++;
            } else if (c == '%' || c == '*' && prev != Prev.OPERAND) {
                prev = Prev.OPERAND; // the parent operator, a wildcard
                i++;
            } else {
                prev = Prev.OPERATOR;
                i++;
            }
        }
        return names;
    }

    /** Records a name read from the root; returns what follows it. */
    private static Prev name(String word, int offset, Prev prev, String s, int after, Deque<Frame> frames,
            List<Name> names) {
        Frame frame = frames.peek();
        boolean atRoot = frame.root && frame.pipes % 3 == 0 && (prev == Prev.START || prev == Prev.OPERATOR);
        if (atRoot && !isKey(s, after) && !word.isEmpty()) {
            names.add(new Name(word, offset));
        }
        return Prev.OPERAND;
    }

    /** Whether a `:` (not `:=`) follows: an object key, or the `then` of a condition; left out either way. */
    private static boolean isKey(String s, int from) {
        int j = from;
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        return j < s.length() && s.charAt(j) == ':' && (j + 1 >= s.length() || s.charAt(j + 1) != '=');
    }

    /** Whether the `(` at {@code open} calls a function held in a variable: `$name(`. */
    private static boolean isCall(String s, int open) {
        int j = open - 1;
        while (j >= 0 && Character.isWhitespace(s.charAt(j))) {
            j--;
        }
        while (j >= 0 && isNamePart(s.charAt(j))) {
            j--;
        }
        return j >= 0 && s.charAt(j) == '$';
    }

    private static int skipQuoted(String s, int from, char quote) {
        int j = from + 1;
        while (j < s.length() && s.charAt(j) != quote) {
            j += s.charAt(j) == '\\' ? 2 : 1;
        }
        return Math.min(s.length(), j + 1);
    }

    private static int skipRegex(String s, int from) {
        int j = from + 1;
        while (j < s.length() && s.charAt(j) != '/') {
            j += s.charAt(j) == '\\' ? 2 : 1;
        }
        j++;
        while (j < s.length() && Character.isLetter(s.charAt(j))) {
            j++; // flags
        }
        return Math.min(s.length(), j);
    }

    private static int skipNumber(String s, int from) {
        int j = from;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
            j++;
        }
        if (j + 1 < s.length() && s.charAt(j) == '.' && Character.isDigit(s.charAt(j + 1))) {
            j++;
            while (j < s.length() && Character.isDigit(s.charAt(j))) {
                j++;
            }
        }
        if (j < s.length() && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            if (k < s.length() && Character.isDigit(s.charAt(k))) {
                j = k;
                while (j < s.length() && Character.isDigit(s.charAt(j))) {
                    j++;
                }
            }
        }
        return j;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
