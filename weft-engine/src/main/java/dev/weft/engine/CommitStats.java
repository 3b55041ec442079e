package dev.weft.engine;

/**
 * How many store transactions an engine committed and how many state transitions they carried: their
 * ratio is how many transitions shared each fsync (group commit).
 */
public record CommitStats(long transactions, long transitions) {
}
