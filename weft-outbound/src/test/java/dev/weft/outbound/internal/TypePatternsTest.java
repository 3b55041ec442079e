package dev.weft.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TypePatternsTest {

    @Test
    void matchesExactTypesPrefixesAndEverything() {
        TypePatterns p = TypePatterns.of(List.of("invoice.approved", "execution.*"));
        assertThat(p.matches("invoice.approved")).isTrue();
        assertThat(p.matches("invoice.rejected")).isFalse();
        assertThat(p.matches("execution.failed")).isTrue();
        assertThat(p.matches("execution")).isFalse();
        assertThat(p.matches("executions.failed")).isFalse();
        assertThat(TypePatterns.of(List.of("*")).matches("anything.at.all")).isTrue();
    }

    @Test
    void aStarInTheMiddleStandsForOneSegment() {
        TypePatterns p = TypePatterns.of(List.of("orders.*.shipped"));
        assertThat(p.matches("orders.eu.shipped")).isTrue();
        assertThat(p.matches("orders.eu.de.shipped")).isFalse();
        assertThat(p.matches("orders.eu.cancelled")).isFalse();
    }

    @Test
    void aTrailingStarStandsForOneOrMoreSegments() {
        assertThat(TypePatterns.of(List.of("orders.*")).matches("orders.eu.shipped")).isTrue();
    }

    @Test
    void refusesPatternsThatAreNotDottedWordsNamingTheBadPart() {
        assertThat(TypePatterns.problem("execution.*")).isNull();
        assertThat(TypePatterns.problem("*")).isNull();
        assertThat(TypePatterns.problem("execution")).contains("dotted lower-case words");
        assertThat(TypePatterns.problem("execution.fail*")).contains("'fail*'");
        assertThat(TypePatterns.problem("Invoice.Approved")).contains("'Invoice'");
        assertThat(TypePatterns.problem(" ")).contains("must not be empty");
    }
}
