package dev.weft.connector.sql;

import static dev.weft.connector.sql.SqlSpecs.json;

import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.util.List;

/** The declarations of {@code <id>.query}, {@code .insert}, {@code .upsert} and {@code .execute}. */
final class OperationSpecs {
    static final String PARAMS = """
            "params": {"type": "object", "description": "the values of the sql's :name placeholders: null, a boolean, a number, a string{strings}, or an object or array (sent as JSON text, for json columns)"}""";
    static final String ROWS = """
            "rows": {"type": "array", "items": {"type": "object"}, "description": "one object per row, column label to value: numbers, booleans, text, dates and times as ISO-8601 ({times}), json as JSON, bytes as base64{arrays}"},
            "rowCount": {"type": "integer", "minimum": 0, "description": "the number of rows given"},
            "truncated": {"type": "boolean", "description": "true when the statement returned more rows than given"}""";

    private OperationSpecs() {
    }

    static OperationSpec query(Dialect d) {
        return new OperationSpec(d.id() + ".query",
                "Runs one query in a read-only transaction and returns its rows. Write `:name` placeholders"
                        + " and give their values in `params`; they are bound, never spliced into the text,"
                        + " and a `:name` inside a string literal, a quoted name or a comment"
                        + (d == Dialect.POSTGRES ? ", or a `::type` cast," : "")
                        + " is left as written. The `sql` is written out in the flow: an expression in it is"
                        + " refused when the flow is deployed. Only a statement that reads is run: one that"
                        + " starts otherwise than SELECT, WITH, VALUES, TABLE, SHOW, EXPLAIN or DESCRIBE, or"
                        + " holds INTO (a file or a table written) or COPY, or is EXPLAIN ANALYZE, fails with `"
                        + d.id()
                        + ".input` before it is sent; one that changes data all the same fails with `"
                        + d.id() + ".readonly`: use `" + d.id() + ".execute`. After every call the connection"
                        + " is reset (session locks, settings and temporary tables are dropped) before it"
                        + " serves another.",
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["sql"],
                         "properties": {
                           "sql": {"type": "string", "minLength": 1, "x-weft-literal": "give values in params, with :name placeholders: they are bound, not spliced into the statement", "description": "one SELECT (or WITH ... SELECT) statement, with :name placeholders; written out in the flow, never an expression"},
                           {params},
                           "maxRows": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1000, "description": "the most rows to return; more are cut and truncated is true."}}}
                        """),
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["rows", "rowCount", "truncated"],
                         "properties": {
                           {rows}}}
                        """),
                true, true,
                List.of(new Example("Read a customer's open orders",
                        json(d, """
                                {"sql": "SELECT id, total, created_at FROM orders WHERE customer_id = :customer AND status = 'open:new' ORDER BY id",
                                 "params": {"customer": 42}, "maxRows": 100}
                                """),
                        json(d, """
                                {"rows": [{"id": 7, "total": 19.90, "created_at": "2024-05-01T10:00:00Z"}],
                                 "rowCount": 1, "truncated": false}
                                """))));
    }

    static OperationSpec insert(Dialect d) {
        return new OperationSpec(d.id() + ".insert",
                "Inserts rows into a table as one batch in one transaction: all of them land or none does."
                        + " Every row gives the same columns. Table and column names are checked (letters,"
                        + " digits, _ and $) and quoted, so they match exactly as written. Not idempotent: a"
                        + " repeat inserts again (use `" + d.id() + ".upsert` for writes that may repeat).",
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["table", "rows"],
                         "properties": {
                           "table": {"type": "string", "minLength": 1, "description": "table name, or schema.table"},
                           "rows": {"type": "array", "minItems": 1, "maxItems": 10000,
                                    "items": {"type": "object", "minProperties": 1}, "description": "column name to value, the same columns in every row"}}}
                        """),
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["inserted"],
                         "properties": {"inserted": {"type": "integer", "minimum": 0, "description": "the number of rows inserted"}}}
                        """),
                false,
                List.of(new Example("Insert two order lines", json(d, """
                        {"table": "order_lines", "rows": [{"order_id": 7, "sku": "A-1", "quantity": 2},
                                                          {"order_id": 7, "sku": "B-9", "quantity": 1}]}
                        """), json(d, """
                        {"inserted": 2}
                        """))));
    }

    static OperationSpec upsert(Dialect d) {
        return new OperationSpec(d.id() + ".upsert",
                (d == Dialect.POSTGRES
                        ? "Inserts rows, or updates the rows whose `key` columns conflict (INSERT ... ON"
                                + " CONFLICT (key) DO UPDATE); the key must have a unique index or constraint."
                        : "Inserts rows, or updates the rows that conflict on a unique key (INSERT ... ON"
                                + " DUPLICATE KEY UPDATE). MariaDB takes whichever unique index conflicts;"
                                + " `key` names the columns that identify a row and are not updated.")
                        + " The other columns take the new values. One batch in one transaction; idempotent: a"
                        + " repeat writes the same values again.",
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["table", "rows", "key"],
                         "properties": {
                           "table": {"type": "string", "minLength": 1, "description": "table name, or schema.table"},
                           "rows": {"type": "array", "minItems": 1, "maxItems": 10000,
                                    "items": {"type": "object", "minProperties": 1}, "description": "column name to value, the same columns in every row, the key columns among them"},
                           "key": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"type": "string"}, "description": "the columns that identify a row"}}}
                        """),
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["upserted"],
                         "properties": {"upserted": {"type": "integer", "minimum": 0, "description": "the number of rows written (inserted or updated)"}}}
                        """),
                true,
                List.of(new Example("Keep a customer's record current", json(d, """
                        {"table": "customers", "key": ["id"],
                         "rows": [{"id": 42, "name": "Ada Lovelace", "email": "ada@example.com"}]}
                        """), json(d, """
                        {"upserted": 1}
                        """))));
    }

    static OperationSpec execute(Dialect d) {
        return new OperationSpec(d.id() + ".execute",
                "Runs statements in order in one transaction, committed when all succeeded and rolled back"
                        + " on the first failure (whose index is the error's `statement`). Each takes `:name`"
                        + " placeholders like `" + d.id() + ".query`. A statement that returns rows"
                        + (d == Dialect.POSTGRES ? " (a SELECT, an INSERT ... RETURNING)" : " (a SELECT)")
                        + " gives up to 1000 of them. Not idempotent: a repeat runs the statements again.",
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["statements"],
                         "properties": {
                           "statements": {"type": "array", "minItems": 1, "maxItems": 100, "description": "one statement each, run in order",
                             "items": {"type": "object", "additionalProperties": false, "required": ["sql"],
                               "properties": {
                                 "sql": {"type": "string", "minLength": 1, "x-weft-literal": "give values in params, with :name placeholders: they are bound, not spliced into the statement", "description": "one statement, with :name placeholders; written out in the flow, never an expression"},
                                 {params}}}}}}
                        """),
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["results"],
                         "properties": {
                           "results": {"type": "array", "description": "one per statement, in order",
                             "items": {"type": "object", "additionalProperties": false, "required": ["updateCount"],
                               "properties": {
                                 "updateCount": {"type": "integer", "minimum": 0, "description": "the rows the statement changed, or for one that returns rows, the rows returned"},
                                 {rows}}}}}}
                        """),
                false,
                List.of(new Example("Move stock between warehouses",
                        json(d, """
                                {"statements": [
                                  {"sql": "UPDATE stock SET quantity = quantity - :n WHERE sku = :sku AND warehouse = 'north'", "params": {"n": 5, "sku": "A-1"}},
                                  {"sql": "UPDATE stock SET quantity = quantity + :n WHERE sku = :sku AND warehouse = 'south'", "params": {"n": 5, "sku": "A-1"}}]}
                                """),
                        json(d, """
                                {"results": [{"updateCount": 1}, {"updateCount": 1}]}
                                """))));
    }
}
