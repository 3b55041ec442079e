package dev.weft.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.util.List;

/** Unified diffs of two texts, line by line, as {@code diff -u} prints them. Stateless. */
final class UnifiedDiff {
    private static final int CONTEXT_LINES = 3;

    private UnifiedDiff() {
    }

    /**
     * The diff from {@code before} to {@code after} with headers naming them; empty when the texts have
     * the same lines (they may still differ in line endings or the final newline).
     */
    static List<String> of(String beforeName, String before, String afterName, String after) {
        List<String> beforeLines = before.lines().toList();
        List<String> afterLines = after.lines().toList();
        Patch<String> patch = DiffUtils.diff(beforeLines, afterLines);
        if (patch.getDeltas().isEmpty()) {
            return List.of();
        }
        return UnifiedDiffUtils.generateUnifiedDiff(beforeName, afterName, beforeLines, patch, CONTEXT_LINES);
    }
}
