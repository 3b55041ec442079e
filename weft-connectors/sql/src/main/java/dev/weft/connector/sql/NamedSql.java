package dev.weft.connector.sql;

import dev.weft.connector.ConnectorException;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL with {@code :name} parameters, rewritten to JDBC's {@code ?} placeholders. The text is lexed the way
 * the database reads it, so that a {@code :name} inside a string literal, a quoted identifier, a comment
 * or a PostgreSQL dollar-quoted string stays as written, and a PostgreSQL cast ({@code ::text}) is not a
 * parameter. Values are always bound, never spliced into the text.
 *
 * @param sql the text for {@code prepareStatement}
 * @param parameters the parameter names in the order of their placeholders (a name used twice is twice)
 * @param semicolon whether a {@code ;} separates statements (outside literals and comments)
 * @param balanced whether every parenthesis outside literals and comments is closed, in order
 * @param unterminated what is left open at the end ({@code "string literal"}, {@code "comment"}), or null
 * @param words the bare words outside literals, quoted identifiers and comments, upper case, in order
 *     ({@code SELECT}, {@code ID}, {@code FROM}, ...)
 * @param executableComment whether the text holds a MariaDB comment that the server runs
 *     ({@code /*! ... *}{@code /}, {@code /*M! ... *}{@code /}), whose words are not among {@code words}
 */
record NamedSql(String sql, List<String> parameters, boolean semicolon, boolean balanced,
        String unterminated, List<String> words, boolean executableComment) {

    NamedSql {
        parameters = List.copyOf(parameters);
        words = List.copyOf(words);
    }

    /** The first words a query may start with: statements that only read. */
    private static final java.util.Set<String> READS = java.util.Set.of("SELECT", "WITH", "VALUES", "TABLE",
            "SHOW", "EXPLAIN", "DESCRIBE", "DESC");

    /**
     * Checks that this text only reads: it starts with a reading statement's word and has no word that makes
     * one write elsewhere ({@code INTO}: {@code SELECT ... INTO OUTFILE} writes a file, {@code SELECT INTO}
     * a table; {@code COPY}; {@code EXPLAIN ANALYZE}, which runs what it explains). The read-only
     * transaction a query runs in stops the rest; these it would not all stop.
     */
    void requireReadOnly(Dialect dialect, String operation, String field) throws ConnectorException {
        String first = words.isEmpty() ? "" : words.get(0);
        String problem = executableComment
                ? "holds a comment MariaDB runs as code (/*! ... */): write it as plain SQL"
                : !READS.contains(first)
                        ? "starts with '" + (first.isEmpty() ? "nothing" : first)
                                + "', which is not a query: a query starts"
                                + " with SELECT, WITH, VALUES, TABLE, SHOW, EXPLAIN or DESCRIBE; change data with "
                                + dialect.id() + ".execute"
                        : words.contains("INTO")
                                ? "holds INTO, which writes (a file or a table) instead of returning rows: a query only"
                                        + " reads; change data with " + dialect.id() + ".execute"
                                : words.contains("COPY")
                                        ? "holds COPY, which reads or writes files: a query only reads"
                                        : first.equals("EXPLAIN")
                                                && (words.contains("ANALYZE") || words.contains("ANALYSE"))
                                                        ? "is EXPLAIN ANALYZE, which runs the statement it explains: use EXPLAIN"
                                                                + " alone in a query"
                                                        : null;
        if (problem != null) {
            throw Inputs.invalid(dialect, operation, field, problem);
        }
    }

    /**
     * Lexes {@code text}.
     *
     * @throws ConnectorException naming {@code field} when the text holds a positional {@code ?}
     */
    static NamedSql parse(Dialect dialect, String operation, String field, String text)
            throws ConnectorException {
        return new Lexer(dialect, text).run(operation, field);
    }

    /**
     * Checks that this text is one condition that can stand inside {@code WHERE (...)}: no statement
     * separator, no parameters, nothing left open.
     */
    void requireCondition(Dialect dialect, String operation, String field) throws ConnectorException {
        String problem = unterminated != null
                ? "leaves a " + unterminated + " open"
                : semicolon
                        ? "holds a ';': give one condition, not statements"
                        : !balanced
                                ? "has unbalanced parentheses"
                                : !parameters.isEmpty()
                                        ? "cannot take parameters (:" + parameters.get(0)
                                                + "): write the value into the condition"
                                        : null;
        if (problem != null) {
            throw Inputs.invalid(dialect, operation, field, problem);
        }
    }

    /** One pass over the text; not thread-safe (used once). */
    private static final class Lexer {
        private final Dialect dialect;
        private final String s;
        private final StringBuilder out = new StringBuilder();
        private final List<String> names = new ArrayList<>();
        private final List<String> words = new ArrayList<>();
        private int i;
        private int depth;
        private boolean balanced = true;
        private boolean semicolon;
        private String unterminated;
        private boolean executableComment;

        Lexer(Dialect dialect, String text) {
            this.dialect = dialect;
            this.s = text;
        }

        NamedSql run(String operation, String field) throws ConnectorException {
            while (i < s.length() && unterminated == null) {
                char c = s.charAt(i);
                char next = i + 1 < s.length() ? s.charAt(i + 1) : 0;
                if (c == '\'') {
                    quoted('\'', dialect.backslashEscapes() || escapeString(), "string literal");
                } else if (c == '"') {
                    // MariaDB reads "..." as a string (ANSI_QUOTES is off by default), PostgreSQL as a name.
                    quoted('"', dialect.backslashEscapes(), dialect.backslashEscapes()
                            ? "string literal"
                            : "quoted identifier");
                } else if (c == '`' && dialect.backticksAndHashComments()) {
                    quoted('`', false, "quoted identifier");
                } else if (c == '-' && next == '-' && (dialect == Dialect.POSTGRES || i + 2 >= s.length()
                        || Character.isWhitespace(s.charAt(i + 2))
                        || Character.isISOControl(s.charAt(i + 2)))) {
                    lineComment();
                } else if (c == '#' && dialect.backticksAndHashComments()) {
                    lineComment();
                } else if (c == '/' && next == '*') {
                    blockComment();
                } else if (c == '$' && dialect.dollarQuotes() && (i == 0 || !identifierChar(s.charAt(i - 1)))
                        && dollarQuoted()) {
                    continue;
                } else if (c == ':' && next == ':') {
                    out.append("::");
                    i += 2;
                } else if (c == ':' && identifierStart(next)) {
                    int end = i + 1;
                    while (end < s.length() && identifierChar(s.charAt(end)) && s.charAt(end) != '$') {
                        end++;
                    }
                    names.add(s.substring(i + 1, end));
                    out.append('?');
                    i = end;
                } else if (c == '?') {
                    if (dialect.escapedQuestionMarks() && next == '?') {
                        out.append("??");
                        i += 2;
                    } else {
                        throw Inputs.invalid(dialect, operation, field,
                                "holds a positional '?' at offset " + i
                                        + ": name the parameter instead (:name,"
                                        + " with its value in params.name)"
                                        + (dialect.escapedQuestionMarks()
                                                ? "; for the JSON operator ?, write ??"
                                                : ""));
                    }
                } else if (identifierStart(c) && (i == 0 || !identifierChar(s.charAt(i - 1)))
                        && !(next == '\'' && (c == 'E' || c == 'e'))) {
                    int end = i + 1;
                    while (end < s.length() && identifierChar(s.charAt(end))) {
                        end++;
                    }
                    words.add(s.substring(i, end).toUpperCase(java.util.Locale.ROOT));
                    copyTo(end);
                } else {
                    if (c == '(') {
                        depth++;
                    } else if (c == ')' && --depth < 0) {
                        balanced = false;
                    } else if (c == ';') {
                        semicolon = true;
                    }
                    out.append(c);
                    i++;
                }
            }
            return new NamedSql(out.toString(), names, semicolon, balanced && depth == 0, unterminated,
                    words, executableComment);
        }

        /** PostgreSQL's {@code E'...'}: a backslash escapes there, and only there. */
        private boolean escapeString() {
            return i > 0 && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e')
                    && (i < 2 || !identifierChar(s.charAt(i - 2)));
        }

        /** From the opening quote to the closing one; a doubled quote stands for itself. */
        private void quoted(char quote, boolean backslashEscapes, String what) {
            int j = i + 1;
            while (j < s.length()) {
                char ch = s.charAt(j);
                if (backslashEscapes && ch == '\\') {
                    j += 2;
                } else if (ch == quote && j + 1 < s.length() && s.charAt(j + 1) == quote) {
                    j += 2;
                } else if (ch == quote) {
                    copyTo(j + 1);
                    return;
                } else {
                    j++;
                }
            }
            open(what);
        }

        private void lineComment() {
            int end = s.indexOf('\n', i);
            copyTo(end < 0 ? s.length() : end);
        }

        /** PostgreSQL nests block comments; MariaDB does not. */
        private void blockComment() {
            if (dialect == Dialect.MARIADB && (s.startsWith("/*!", i) || s.startsWith("/*M!", i))) {
                executableComment = true;
            }
            int level = 0;
            int j = i;
            while (j + 1 < s.length()) {
                if (s.charAt(j) == '/' && s.charAt(j + 1) == '*'
                        && (level == 0 || dialect == Dialect.POSTGRES)) {
                    level++;
                    j += 2;
                } else if (s.charAt(j) == '*' && s.charAt(j + 1) == '/') {
                    level--;
                    j += 2;
                    if (level == 0) {
                        copyTo(j);
                        return;
                    }
                } else {
                    j++;
                }
            }
            open("comment");
        }

        /** {@code $$...$$} or {@code $tag$...$tag$}; false when the {@code $} starts no such string. */
        private boolean dollarQuoted() {
            int j = i + 1;
            if (j < s.length() && identifierStart(s.charAt(j))) {
                while (j < s.length() && identifierChar(s.charAt(j)) && s.charAt(j) != '$') {
                    j++;
                }
            }
            if (j >= s.length() || s.charAt(j) != '$') {
                return false;
            }
            String tag = s.substring(i, j + 1);
            int close = s.indexOf(tag, j + 1);
            if (close < 0) {
                open("dollar-quoted string");
            } else {
                copyTo(close + tag.length());
            }
            return true;
        }

        private void copyTo(int end) {
            out.append(s, i, end);
            i = end;
        }

        private void open(String what) {
            unterminated = what;
            copyTo(s.length());
        }

        private static boolean identifierStart(char c) {
            return Character.isLetter(c) || c == '_';
        }

        private static boolean identifierChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$';
        }
    }
}
