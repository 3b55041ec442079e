package dev.weft.webhooks.internal;

import java.util.Collection;

/** "Did you mean": the closest known name to a misspelt one, by edit distance. */
final class Suggestions {
    private Suggestions() {
    }

    /** {@code "; did you mean 'x'?"}, or nothing when no candidate is a plausible typo. */
    static String didYouMean(String given, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(given.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        // A third of the length, at least 2: "headr" -> "header", but "foo" does not become "query".
        int allowed = Math.max(2, given.length() / 3);
        return best != null && bestDistance <= allowed && bestDistance < given.length()
                ? "; did you mean '" + best + "'?"
                : "";
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
