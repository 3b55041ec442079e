package dev.weft.connector.files;

import dev.weft.connector.ConnectorException;
import java.util.ArrayList;
import java.util.List;

/**
 * A path inside a system's root, checked before any I/O: relative, no {@code ..} segment, no drive or
 * backslash tricks. {@code ""} is the root itself. Immutable.
 *
 * @param segments the path's names, none empty, {@code .} or {@code ..}
 */
record RelativePath(List<String> segments) {
    static final RelativePath ROOT = new RelativePath(List.of());

    RelativePath {
        segments = List.copyOf(segments);
    }

    /** Checks {@code value}, the input field {@code field}; a refusal is {@code files.outside_root}. */
    static RelativePath of(String field, String value) throws ConnectorException {
        if (value.startsWith("/") || value.startsWith("\\") || value.matches("^[A-Za-z]:.*")) {
            throw Failures.outsideRoot(field, "'" + value + "' is absolute: give a path relative to the"
                    + " system's root, for example \"inbox/report.csv\"");
        }
        if (value.indexOf('\\') >= 0 || value.indexOf('\0') >= 0) {
            throw Failures.outsideRoot(field, "'" + value + "' holds a backslash or NUL: separate folders"
                    + " with '/'");
        }
        List<String> out = new ArrayList<>();
        for (String s : value.split("/", -1)) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                throw Failures.outsideRoot(field, "'" + value + "' holds '..': paths may not leave the"
                        + " system's root");
            }
            out.add(s);
        }
        return new RelativePath(out);
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    /** The last name; empty for the root. */
    String name() {
        return segments.isEmpty() ? "" : segments.getLast();
    }

    RelativePath parent() {
        return segments.isEmpty() ? this : new RelativePath(segments.subList(0, segments.size() - 1));
    }

    RelativePath child(String name) {
        List<String> out = new ArrayList<>(segments);
        out.add(name);
        return new RelativePath(out);
    }

    /** The path as the API shows it: names joined by '/'. */
    @Override
    public String toString() {
        return String.join("/", segments);
    }
}
