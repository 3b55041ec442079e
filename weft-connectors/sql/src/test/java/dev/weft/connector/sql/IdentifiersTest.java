package dev.weft.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.ConnectorException;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @Test
    void namesAreQuotedTheWayEachDatabaseQuotesThem() throws ConnectorException {
        assertThat(Identifiers.table(Dialect.POSTGRES, "insert", "table", "sales.Orders"))
                .isEqualTo("\"sales\".\"Orders\"");
        assertThat(Identifiers.table(Dialect.MARIADB, "insert", "table", "orders")).isEqualTo("`orders`");
        assertThat(Identifiers.column(Dialect.MARIADB, "insert", "rows[0].x", "unit$price"))
                .isEqualTo("`unit$price`");
    }

    @Test
    void aNameThatIsNotAPlainIdentifierIsRefusedNamingItAndTheField() {
        for (String bad : new String[]{"orders; DROP TABLE x", "a\"b", "a`b", "1st", "", "a.b.c", "a.",
                "a b"}) {
            assertThatThrownBy(() -> Identifiers.table(Dialect.POSTGRES, "insert", "table", bad))
                    .as(bad).isInstanceOf(ConnectorException.class)
                    .hasMessageContaining("postgres.insert: 'table'").hasMessageContaining("'" + bad + "'")
                    .extracting(e -> ((ConnectorException) e).code()).isEqualTo("postgres.input");
        }
    }

    @Test
    void aNameLongerThanTheDatabaseAllowsIsRefused() {
        assertThatThrownBy(() -> Identifiers.column(Dialect.POSTGRES, "insert", "rows[0].x", "x".repeat(64)))
                .hasMessageContaining("at most 63");
    }
}
