package dev.weft.connector;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean": the closest known name to a misspelt one, by edit distance, for errors that name an
 * unknown field or value (flows, webhook verify settings, connector inputs). Stateless.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /** The closest candidate, if it is close enough to be a plausible typo. */
    public static Optional<String> closest(String given, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(given.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        // A third of the length, at least 2: "nxt" -> "next", but "foo" does not become "if".
        int allowed = Math.max(2, given.length() / 3);
        return best != null && bestDistance <= allowed && bestDistance < given.length()
                ? Optional.of(best)
                : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"} or nothing. */
    public static String didYouMean(String given, Collection<String> candidates) {
        return closest(given, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
