package dev.weft.connector.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.Example;
import dev.weft.connector.TriggerKind;
import dev.weft.connector.TriggerSpec;
import java.io.UncheckedIOException;
import java.util.List;

/** The declarations of the {@code postgres} and {@code mariadb} connectors, made from one template. */
final class SqlSpecs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SqlSpecs() {
    }

    static ConnectorSpec spec(Dialect d) {
        return ConnectorSpec.builder(d.id(), "1.0.0")
                .title(d.product())
                .description("Reads and writes a " + d.product() + " database over JDBC, with a pool of"
                        + " connections (HikariCP) per system: queries with named parameters, batch inserts"
                        + " and upserts, statements in one transaction, record operations for data sync (pages"
                        + " of changes, lookups, upserts and deletes with a result per record), and a polling"
                        + " trigger on new or updated rows. A system names the server and a basic credential (the database"
                        + " user and password, sent to the driver apart from the URL); its host must pass the"
                        + " platform's egress rules (a private address needs egress.allow). Errors are typed by"
                        + " SQLState: connection failures, deadlocks and serialization failures are"
                        + " retryable; constraint violations (`" + d.id() + ".constraint`) and SQL errors (`"
                        + d.id() + ".sql`) are not.")
                .config(config(d))
                .credentials(CredentialType.BASIC)
                .credentialRequired()
                .operation(OperationSpecs.query(d))
                .operation(OperationSpecs.insert(d))
                .operation(OperationSpecs.upsert(d))
                .operation(OperationSpecs.execute(d))
                .operation(RecordSpecs.readChanges(d))
                .operation(RecordSpecs.lookupRecords(d))
                .operation(RecordSpecs.writeRecords(d))
                .operation(RecordSpecs.deleteRecords(d))
                .trigger(rows(d))
                .build();
    }

    private static JsonNode config(Dialect d) {
        boolean pg = d == Dialect.POSTGRES;
        return json(d,
                """
                        {"type": "object", "additionalProperties": false, "required": ["host", "database"],
                         "properties": {
                           "host": {"type": "string", "minLength": 1, "description": "the server's host name or IP address (IPv6 in brackets)"},
                           "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": {port}, "description": "the server's port."},
                           "database": {"type": "string", "pattern": "^[A-Za-z0-9_$-]{1,64}$", "description": "the database to connect to"},
                           {schema}
                           "ssl": {"enum": {sslModes}, "default": "{ssl}", "description": "{sslText}"},
                           "maxPoolSize": {"type": "integer", "minimum": 1, "maximum": 100, "default": 5, "description": "the most connections the system's pool holds; calls beyond wait for one."},
                           "connectionTimeout": {"type": "integer", "minimum": 250, "maximum": 600000, "default": 10000, "description": "milliseconds a call waits for a pooled connection, and a connection attempt for the server."}}}
                        """
                        .replace("{port}", Integer.toString(d.defaultPort()))
                        .replace("{schema}", pg
                                ? "\"schema\": {\"type\": \"string\", \"pattern\": \"^[A-Za-z_][A-Za-z0-9_$]{0,62}$\","
                                        + " \"description\": \"the schema that unqualified table names are looked up in"
                                        + " first (the search path's head)\"},"
                                : "")
                        .replace("{sslModes}", pg
                                ? "[\"disable\", \"prefer\", \"require\", \"verify-ca\", \"verify-full\"]"
                                : "[\"disable\", \"require\", \"verify-ca\", \"verify-full\"]")
                        .replace("{ssl}", SqlConfig.defaultSsl(d))
                        .replace("{sslText}", "disable: no TLS; "
                                + (pg ? "prefer: TLS when the server offers it; " : "")
                                + "require: TLS without checking the server's certificate; verify-ca: TLS with a"
                                + " certificate signed by a trusted CA; verify-full: that, and the certificate names"
                                + " the host."));
    }

    private static TriggerSpec rows(Dialect d) {
        return new TriggerSpec(d.id() + ".rows",
                "Polls a table for new and updated rows: each version of a row is one event, once. The"
                        + " `cursorColumn` must grow with every insert and update (an `updated_at` set on"
                        + " every write, or a version or sequence number); rows are read in the order of"
                        + " (cursorColumn, keyColumns) after the last one seen, so rows sharing a cursor value"
                        + " are neither lost nor repeated across batches. An event's id is the row's key and"
                        + " cursor value. A row updated twice between polls is seen once, in its latest"
                        + " version. Rows whose cursor or key is NULL are skipped. A cursor value written by a"
                        + " transaction that commits after a later value was read (a long transaction setting"
                        + " `updated_at = now()` at its start) is missed: prefer a value set at commit, or"
                        + " filter out the most recent seconds with `where`. The first poll reads the table"
                        + " from its first row.",
                TriggerKind.POLLING,
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["table", "cursorColumn", "keyColumns"],
                         "properties": {
                           "table": {"type": "string", "minLength": 1, "description": "table name, or schema.table"},
                           "cursorColumn": {"type": "string", "minLength": 1, "description": "a column that grows with every insert and update: updated_at, a version or a sequence number"},
                           "keyColumns": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"type": "string"}, "description": "the columns that identify a row (its primary key)"},
                           "where": {"type": "string", "description": "an extra SQL condition the rows must meet, without parameters"},
                           "batchSize": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 100, "description": "the most rows one poll returns."}}}
                        """),
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["table", "row"],
                         "properties": {
                           "table": {"type": "string"},
                           "row": {"type": "object", "description": "the row's columns, read as by query"}}}
                        """),
                List.of(new Example("Start a flow for every new or changed order", json(d, """
                        {"table": "orders", "cursorColumn": "updated_at", "keyColumns": ["id"],
                         "where": "status <> 'draft'", "batchSize": 100}
                        """),
                        json(d, """
                                {"table": "orders", "row": {"id": 7, "status": "paid", "updated_at": "2024-05-01T10:00:00.123456Z"}}
                                """))));
    }

    /** Parses a declaration's JSON, filling in the fragments that differ between the databases. */
    static JsonNode json(Dialect d, String text) {
        boolean pg = d == Dialect.POSTGRES;
        String filled = text.replace("{params}", OperationSpecs.PARAMS)
                .replace("{rows}", OperationSpecs.ROWS)
                .replace("{strings}", pg ? " (read as the column's type: an ISO-8601 timestamp, a UUID)" : "")
                .replace("{times}", pg
                        ? "a timestamptz in UTC with Z, a timestamp without zone"
                        : "a TIMESTAMP in UTC with Z, a DATETIME without zone")
                .replace("{arrays}", pg ? ", arrays as arrays" : "");
        try {
            return JSON.readTree(filled);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
