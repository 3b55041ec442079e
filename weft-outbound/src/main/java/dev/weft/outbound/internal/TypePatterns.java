package dev.weft.outbound.internal;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An endpoint's event subscriptions: exact types ({@code invoice.approved}) or patterns whose {@code *}
 * segments stand for one segment ({@code execution.*.x}), or, as the last segment, for one or more
 * ({@code execution.*}); a lone {@code *} is every type. Immutable and thread-safe.
 */
final class TypePatterns {
    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9_-]+|\\*");
    static final int MAX_PATTERNS = 100;

    private final List<String[]> patterns;

    private TypePatterns(List<String[]> patterns) {
        this.patterns = patterns;
    }

    /** The problem with one pattern, naming the fix, or null when it is fine. */
    static String problem(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return "an event type or pattern must not be empty; use a type such as invoice.approved, a pattern"
                    + " such as execution.*, or * for every type";
        }
        if (pattern.equals("*")) {
            return null;
        }
        String[] segments = pattern.split("\\.", -1);
        if (segments.length < 2) {
            return "'" + pattern + "' is not an event type or pattern: use dotted lower-case words such as"
                    + " invoice.approved, with * for a whole segment (execution.*), or * alone for every type";
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                return "'" + pattern
                        + "' is not an event type or pattern: each dot-separated part is lower-case"
                        + " letters, digits, '-' and '_', or * alone (execution.*), but one part was '"
                        + segment
                        + "'";
            }
        }
        return null;
    }

    /** Reads checked patterns ({@link #problem} found nothing in any). */
    static TypePatterns of(List<String> patterns) {
        return new TypePatterns(patterns.stream().map(p -> p.split("\\.", -1)).toList());
    }

    boolean matches(String type) {
        String[] parts = type.split("\\.", -1);
        for (String[] pattern : patterns) {
            if (matches(pattern, parts)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String[] pattern, String[] type) {
        if (pattern.length == 1 && pattern[0].equals("*")) {
            return true;
        }
        for (int i = 0; i < pattern.length; i++) {
            boolean last = i == pattern.length - 1;
            if (i >= type.length) {
                return false;
            }
            if (pattern[i].equals("*")) {
                if (last) {
                    return true; // one or more remaining segments
                }
            } else if (!pattern[i].equals(type[i])) {
                return false;
            }
        }
        return pattern.length == type.length;
    }
}
