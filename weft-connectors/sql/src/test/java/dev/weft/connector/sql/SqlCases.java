package dev.weft.connector.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the operation and trigger cases share: a fresh {@code items} table per test (id, name, qty,
 * updated_at) on the database of the subclass, a client of a system on it, and dropping what the test made.
 */
abstract class SqlCases {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    protected String table;
    protected SystemClient client;
    private final List<String> tables = new ArrayList<>();

    protected abstract TestDatabase db();

    /** The type of a timestamp without time zone: TIMESTAMP on PostgreSQL, DATETIME on MariaDB. */
    protected String timestampType() {
        return db() == TestDatabase.POSTGRES ? "TIMESTAMP(6)" : "DATETIME(6)";
    }

    @BeforeEach
    void createItemsTable() throws Exception {
        db().service.require();
        table = newTable("items", "(id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL, qty INT, updated_at "
                + timestampType() + " NOT NULL)");
        client = db().connector.open(db().system());
    }

    @AfterEach
    void dropTables() throws SQLException {
        if (client != null) {
            client.close();
        }
        for (String t : tables.reversed()) { // a table referring to another goes first
            db().sql("DROP TABLE IF EXISTS " + t);
        }
    }

    /** Creates a table named afresh from {@code prefix}, dropped after the test. */
    protected String newTable(String prefix, String columns) throws SQLException {
        String name = TestDatabase.freshName("weft_it_" + prefix);
        tables.add(name);
        db().sql("CREATE TABLE " + name + " " + columns);
        return name;
    }

    /** {@code $T} in {@code template} stands for the test's table. */
    protected JsonNode json(String template) {
        try {
            return JSON.readTree(template.replace("$T", table));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Numbers compare by value (an int column and a bigint one give the same JSON), the rest exactly. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue())
            : a.equals(b) ? 0 : 1;

    protected static void assertSameJson(JsonNode actual, JsonNode expected) {
        assertThat(actual.equals(NUMBERS_BY_VALUE, expected)).as("%s%nis not%n%s", actual, expected).isTrue();
    }

    protected Call call(String operation, String input) {
        return call(operation, input, Duration.ofSeconds(20), new Cancellation());
    }

    protected Call call(String operation, String input, Duration timeout, Cancellation cancellation) {
        return new Call(db().id() + "." + operation, json(input), "it-" + operation, timeout, cancellation);
    }

    protected JsonNode invoke(String operation, String input) throws ConnectorException {
        return client.invoke(call(operation, input));
    }

    protected ConnectorException failure(String operation, String input) {
        ConnectorException[] thrown = new ConnectorException[1];
        assertThatThrownBy(() -> invoke(operation, input)).isInstanceOf(ConnectorException.class)
                .satisfies(e -> thrown[0] = (ConnectorException) e);
        return thrown[0];
    }

    protected void insertItem(long id, String name, String updatedAt) throws SQLException {
        db().sql("INSERT INTO " + table + " (id, name, qty, updated_at) VALUES (" + id + ", '" + name + "', "
                + id
                + ", '" + updatedAt + "')");
    }

    protected long count(String where) throws SQLException {
        try (Connection c = db().admin();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table + " WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
