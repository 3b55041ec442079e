package dev.weft.connector.sql;

import static dev.weft.connector.sql.SqlSpecs.json;

import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.util.List;

/**
 * The declarations of the record operations that data sync calls (and a flow step may):
 * {@code <id>.read_changes}, {@code .lookup_records}, {@code .write_records} and {@code .delete_records}.
 */
final class RecordSpecs {
    private static final String TABLE = """
            "table": {"type": "string", "minLength": 1, "description": "table name, or schema.table"}""";
    private static final String KEY = """
            "key": {"type": "array", "minItems": 1, "maxItems": 8, "uniqueItems": true, "items": {"type": "string"}, "description": "%s"}""";
    private static final String FAILURE = """
            "code": {"type": "string", "description": "when not ok: the error's code, such as {id}.constraint"},
            "message": {"type": "string", "description": "when not ok: the database's error, naming the constraint or column"}""";

    private RecordSpecs() {
    }

    private static String key(String description) {
        return KEY.formatted(description);
    }

    static OperationSpec readChanges(Dialect d) {
        return new OperationSpec(d.id() + ".read_changes",
                "Reads one page of a table's records in a stable order, for data sync: by (`cursor`, `key`)"
                        + " when a cursor column is named (a column that grows with every insert and update),"
                        + " else by `key` alone (a full scan). Give each page's `next` as the following call's"
                        + " `after`; pages are cut by comparing (cursor, key) as one value, so records sharing"
                        + " a cursor value across the end of a page are neither skipped nor repeated. Records"
                        + " whose cursor or key is NULL are never returned. A cursor value written by a"
                        + " transaction that commits after a later value was read is missed, as with the `"
                        + d.id() + ".rows` trigger. Runs in a read-only transaction; records are read as `"
                        + d.id() + ".query` reads rows.",
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["table", "key"],
                         "properties": {
                           {table},
                           {key},
                           "cursor": {"type": "string", "minLength": 1, "description": "a column that grows with every insert and update (updated_at, a version number); without it, the whole table is read in key order"},
                           "after": {"type": ["object", "null"], "description": "the next of the previous page, as it was given (opaque); null or absent to start from the first record"},
                           "limit": {"type": "integer", "minimum": 1, "maximum": 10000, "default": 1000, "description": "the most records one page holds."}}}
                        """
                        .replace("{table}", TABLE)
                        .replace("{key}", key(
                                "the columns that identify a record (its primary key): the order's last columns"))),
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["records", "next", "more"],
                         "properties": {
                           "records": {"type": "array", "items": {"type": "object"}, "description": "one object per record, every column of the table, read as by query: dates and times as ISO-8601 ({times}), json as JSON, bytes as base64"},
                           "next": {"type": ["object", "null"], "description": "the position of the page's last record, to give as after; when the page is empty, the after given (null at the start)"},
                           "more": {"type": "boolean", "description": "true when more records followed this page when it was read"}}}
                        """),
                true, true,
                List.of(new Example("Read the customers changed since the last page",
                        json(d, """
                                {"table": "customers", "key": ["id"], "cursor": "updated_at", "limit": 1000,
                                 "after": {"cursor": "updated_at", "key": ["id"], "after": [
                                   {"type": "timestamp", "value": "2024-05-01T10:00:00"}, {"type": "integer", "value": 41}]}}
                                """),
                        json(d, """
                                {"records": [{"id": 42, "email": "ada@example.com", "updated_at": "2024-05-01T10:00:00"}],
                                 "next": {"cursor": "updated_at", "key": ["id"], "after": [
                                   {"type": "timestamp", "value": "2024-05-01T10:00:00"}, {"type": "integer", "value": 42}]},
                                 "more": false}
                                """))));
    }

    static OperationSpec lookupRecords(Dialect d) {
        return new OperationSpec(d.id() + ".lookup_records",
                "Finds the records whose `fields` equal one of the tuples of `values` (one statement"
                        + " `WHERE (f1, f2) IN (...)`, several when the values pass the database's limit of"
                        + " placeholders), for data sync's matching of records by a natural key such as an"
                        + " email. Returns every matching record, in no particular order; a tuple holding null"
                        + " matches nothing. Runs in a read-only transaction.",
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["table", "fields", "values"],
                         "properties": {
                           {table},
                           "fields": {"type": "array", "minItems": 1, "maxItems": 8, "uniqueItems": true, "items": {"type": "string"}, "description": "the columns to match"},
                           "values": {"type": "array", "minItems": 1, "maxItems": 10000, "description": "tuples of values, one per field in the order of fields",
                                      "items": {"type": "array", "minItems": 1, "maxItems": 8, "items": {"type": ["string", "number", "boolean", "null"]}}}}}
                        """
                        .replace("{table}", TABLE)),
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["records"],
                         "properties": {
                           "records": {"type": "array", "items": {"type": "object"}, "description": "every matching record, every column, read as by query"}}}
                        """),
                true, true,
                List.of(new Example("Find customers by email",
                        json(d, """
                                {"table": "customers", "fields": ["email"], "values": [["ada@example.com"], ["alan@example.com"]]}
                                """),
                        json(d, """
                                {"records": [{"id": 42, "email": "ada@example.com", "updated_at": "2024-05-01T10:00:00"}]}
                                """))));
    }

    static OperationSpec writeRecords(Dialect d) {
        return new OperationSpec(d.id() + ".write_records",
                "Upserts many records by `key`, for data sync, and answers each one: "
                        + (d == Dialect.POSTGRES
                                ? "INSERT ... ON CONFLICT (key) DO UPDATE, so the key needs a unique index or"
                                        + " constraint."
                                : "INSERT ... ON DUPLICATE KEY UPDATE; MariaDB takes whichever unique index"
                                        + " conflicts, and `key` names the columns that identify a record. The"
                                        + " call's session is strict (STRICT_ALL_TABLES): a value a column cannot"
                                        + " take is refused, never cut or replaced by a default.")
                        + " Records may give different columns; every one gives the key's. All of them are"
                        + " written in one transaction as batches; when the database refuses that for a"
                        + " record's sake (a constraint, a value it cannot take), the records are written again"
                        + " in smaller transactions, so that every good record is written and each refused one"
                        + " gets `ok: false` with the database's error. A failure of the connection, a timeout"
                        + " or a missing table fails the whole call. `returning` reads columns the database"
                        + " filled in (a serial id) back by key. Idempotent: a repeat writes the same values.",
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["table", "key", "records"],
                         "properties": {
                           {table},
                           {key},
                           "records": {"type": "array", "minItems": 1, "maxItems": 10000, "items": {"type": "object", "minProperties": 1}, "description": "column name to value (as insert takes them), the key columns among them and not null"},
                           "returning": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"type": "string"}, "description": "columns to read back for each written record, such as an id the database made"}}}
                        """
                        .replace("{table}", TABLE)
                        .replace("{key}",
                                key("the conflict target: columns with a unique index or the primary key"))),
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["results"],
                         "properties": {
                           "results": {"type": "array", "description": "one per record, in the order given",
                             "items": {"type": "object", "additionalProperties": false, "required": ["ok"],
                               "properties": {
                                 "ok": {"type": "boolean", "description": "whether the record was written"},
                                 "returned": {"type": ["object", "null"], "description": "when returning was given: the columns named, read back by key (null when no row has the key)"},
                                 {failure}}}}}}
                        """
                        .replace("{failure}", FAILURE.replace("{id}", d.id()))),
                true,
                List.of(new Example("Write two customers, one of them refused", json(d, """
                        {"table": "customers", "key": ["email"], "returning": ["id"],
                         "records": [{"email": "ada@example.com", "name": "Ada Lovelace"},
                                     {"email": "alan@example.com", "name": null}]}
                        """),
                        json(d, """
                                {"results": [{"ok": true, "returned": {"id": 42}},
                                             {"ok": false, "code": "{id}.constraint", "message": "{id}.write_records violates a constraint: {notNull}"}]}
                                """
                                .replace("{id}", d.id()).replace("{notNull}", d == Dialect.POSTGRES
                                        ? "ERROR: null value in column \\\"name\\\" of relation \\\"customers\\\" violates not-null constraint"
                                        : "Column 'name' cannot be null")))));
    }

    static OperationSpec deleteRecords(Dialect d) {
        return new OperationSpec(d.id() + ".delete_records",
                "Deletes records by key, for data sync, and tells for each key whether a row had it. One"
                        + " batch in one transaction; when the database refuses a delete (a foreign key still"
                        + " pointing at the row), the others are deleted and that key gets `ok: false` with the"
                        + " database's error. Idempotent: a repeat deletes nothing more.",
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["table", "key", "keys"],
                         "properties": {
                           {table},
                           {key},
                           "keys": {"type": "array", "minItems": 1, "maxItems": 10000, "description": "the keys of the records to delete, one value per key column each",
                                    "items": {"type": "array", "minItems": 1, "maxItems": 8, "items": {"type": ["string", "number", "boolean"]}}}}}
                        """
                        .replace("{table}", TABLE)
                        .replace("{key}", key("the columns that identify a record"))),
                json(d, """
                        {"type": "object", "additionalProperties": false, "required": ["results"],
                         "properties": {
                           "results": {"type": "array", "description": "one per key, in the order given",
                             "items": {"type": "object", "additionalProperties": false, "required": ["ok"],
                               "properties": {
                                 "ok": {"type": "boolean", "description": "whether the delete succeeded"},
                                 "deleted": {"type": "boolean", "description": "when ok: whether a row had the key (false when none had)"},
                                 {failure}}}}}}
                        """
                        .replace("{failure}", FAILURE.replace("{id}", d.id()))),
                true,
                List.of(new Example("Delete two customers, one already gone", json(d, """
                        {"table": "customers", "key": ["id"], "keys": [[42], [43]]}
                        """), json(d, """
                        {"results": [{"ok": true, "deleted": true}, {"ok": true, "deleted": false}]}
                        """))));
    }
}
