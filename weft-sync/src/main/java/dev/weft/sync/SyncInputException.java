package dev.weft.sync;

import dev.weft.engine.flow.Problem;
import java.util.List;

/**
 * A request the sync cannot take as given: a job file with problems, a resolution that does not fit, a job or
 * conflict that does not exist, or one in a state that refuses the request. {@link #code()} is stable for
 * clients; {@link #problems()} are a job file's located problems. The message names the field and the fix.
 */
public final class SyncInputException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The job or conflict named does not exist. */
    public static final String NOT_FOUND = "sync.not_found";
    /** The job file or the request body is not valid. */
    public static final String INVALID = "sync.invalid";
    /** The job file names another job than the request. */
    public static final String MISMATCH = "sync.mismatch";
    /** The request does not fit the state (a conflict resolved already). */
    public static final String CONFLICT = "sync.state";

    private final String code;
    private final transient List<Problem> problems;

    public SyncInputException(String code, String message) {
        this(code, message, List.of());
    }

    public SyncInputException(String code, String message, List<Problem> problems) {
        super(message, null, false, false);
        this.code = code;
        this.problems = List.copyOf(problems);
    }

    public String code() {
        return code;
    }

    public List<Problem> problems() {
        return problems;
    }
}
