package dev.weft.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.ConnectorException;
import org.junit.jupiter.api.Test;

class NamedSqlTest {

    private static NamedSql pg(String sql) throws ConnectorException {
        return NamedSql.parse(Dialect.POSTGRES, "query", "sql", sql);
    }

    private static NamedSql maria(String sql) throws ConnectorException {
        return NamedSql.parse(Dialect.MARIADB, "query", "sql", sql);
    }

    @Test
    void namedParametersBecomePlaceholdersInTheOrderTheyAppear() throws ConnectorException {
        NamedSql named = pg("SELECT * FROM t WHERE a = :a AND b > :b_2 OR a = :a");

        assertThat(named.sql()).isEqualTo("SELECT * FROM t WHERE a = ? AND b > ? OR a = ?");
        assertThat(named.parameters()).containsExactly("a", "b_2", "a");
    }

    @Test
    void castsStayCastsAndArePostgresOnlySyntaxThatNeverBindsAParameter() throws ConnectorException {
        NamedSql named = pg("SELECT :v::int, now()::date, x::text FROM t");

        assertThat(named.sql()).isEqualTo("SELECT ?::int, now()::date, x::text FROM t");
        assertThat(named.parameters()).containsExactly("v");
    }

    @Test
    void namesInsideStringLiteralsQuotedIdentifiersAndCommentsAreLeftAsWritten() throws ConnectorException {
        NamedSql named = pg("SELECT ':a', 'it''s :b', \":c\", E'\\' :d' -- :e\n /* :f /* :g */ :h */ FROM t"
                + " WHERE x = :real");

        assertThat(named.parameters()).containsExactly("real");
        assertThat(named.sql()).isEqualTo("SELECT ':a', 'it''s :b', \":c\", E'\\' :d' -- :e\n"
                + " /* :f /* :g */ :h */ FROM t WHERE x = ?");
    }

    @Test
    void postgresDollarQuotedStringsAreLeftAsWritten() throws ConnectorException {
        NamedSql named = pg("SELECT $$ :a $$, $tag$ :b $x$ $tag$, :c, a$b");

        assertThat(named.parameters()).containsExactly("c");
        assertThat(named.sql()).isEqualTo("SELECT $$ :a $$, $tag$ :b $x$ $tag$, ?, a$b");
    }

    @Test
    void mariadbBackslashEscapesBackticksDoubleQuotedStringsAndHashComments() throws ConnectorException {
        NamedSql named = maria("SELECT 'a\\' :a', \"b\\\" :b\", `c :c`, :d # :e\n, :f -- :g\n");

        assertThat(named.parameters()).containsExactly("d", "f");
    }

    @Test
    void mariadbNeedsASpaceAfterTwoDashesForAComment() throws ConnectorException {
        assertThat(maria("SELECT 1--:a").parameters()).containsExactly("a");
        assertThat(maria("SELECT 1 -- :a").parameters()).isEmpty();
    }

    @Test
    void aPositionalQuestionMarkIsRefusedWithTheWayToNameIt() {
        assertThatThrownBy(() -> maria("SELECT * FROM t WHERE a = ?")).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("'sql'").hasMessageContaining("positional '?'")
                .hasMessageContaining(":name");
    }

    @Test
    void postgresJsonOperatorsAreWrittenWithTwoQuestionMarks() throws ConnectorException {
        NamedSql named = pg("SELECT doc ?? 'key', '?' FROM t WHERE id = :id");

        assertThat(named.sql()).isEqualTo("SELECT doc ?? 'key', '?' FROM t WHERE id = ?");
    }

    @Test
    void aConditionMustBeOneClosedExpressionWithoutParameters() throws ConnectorException {
        pg("status = 'open' AND (a > 1 OR b < 2) -- note").requireCondition(Dialect.POSTGRES, "rows",
                "where");

        assertThatThrownBy(() -> pg("1 = 1); DROP TABLE t; --").requireCondition(Dialect.POSTGRES, "rows",
                "where")).hasMessageContaining("'where'");
        assertThatThrownBy(() -> pg("a = 'open").requireCondition(Dialect.POSTGRES, "rows", "where"))
                .hasMessageContaining("string literal");
        assertThatThrownBy(() -> pg("a = 1 /* x").requireCondition(Dialect.POSTGRES, "rows", "where"))
                .hasMessageContaining("comment");
        assertThatThrownBy(() -> pg("a = :a").requireCondition(Dialect.POSTGRES, "rows", "where"))
                .hasMessageContaining("parameters");
        assertThatThrownBy(
                () -> pg("a = 1; DELETE FROM t").requireCondition(Dialect.POSTGRES, "rows", "where"))
                .hasMessageContaining("';'");
    }
}
