package dev.weft.connector.redis;

import static dev.weft.connector.redis.Schemas.parse;

import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.util.List;

/** The declarations of the {@code redis.*} operations: schemas, idempotency and examples. */
final class Operations {
    private static final String KEY = """
            "key": {"type": "string", "minLength": 1}""";
    private static final String VALUE_DOC = "a string is stored as it is; a number, boolean, object or array"
            + " is stored as its JSON text (42, true, {\\\"a\\\":1}) and read back as that text";
    private static final String STORED = """
            {"type": ["string", "number", "boolean", "object", "array"], "description": "%s."}"""
            .formatted(VALUE_DOC);
    private static final String READ_OUTPUT = """
            {"type": "object", "required": ["value", "exists"], "additionalProperties": false,
             "properties": {"value": {"type": ["string", "null"]}, "exists": {"type": "boolean"}}}""";

    static final OperationSpec GET = new OperationSpec("redis.get",
            "Reads a string key: `{value, exists}`, value null when the key does not exist (GET). A value"
                    + " written from JSON comes back as its JSON text.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["key"],
                     "properties": {%s}}""".formatted(KEY)),
            parse(READ_OUTPUT), true, true,
            List.of(new Example("Read a cached customer", parse("""
                    {"key": "customer:42"}"""), parse("""
                    {"value": "{\\"name\\":\\"Ada\\"}", "exists": true}"""))));

    static final OperationSpec SET = new OperationSpec("redis.set",
            "Writes a string key (SET), optionally with a time to live and only if the key is absent (NX) or"
                    + " present (XX); `set` is false when NX or XX held the write back. Without `ttl`, a key's"
                    + " earlier time to live is removed. Repeating it with the same value has no further effect.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["key", "value"],
                     "not": {"required": ["ifAbsent", "ifPresent"],
                             "properties": {"ifAbsent": {"const": true}, "ifPresent": {"const": true}}},
                     "properties": {%s,
                       "value": %s,
                       "ttl": {"type": "integer", "minimum": 1, "description": "time to live in milliseconds."},
                       "ifAbsent": {"type": "boolean", "default": false, "description": "write only if the key does not exist (NX)."},
                       "ifPresent": {"type": "boolean", "default": false, "description": "write only if the key exists (XX); not with ifAbsent."}}}"""
                    .formatted(KEY, STORED)),
            parse("""
                    {"type": "object", "required": ["set"], "additionalProperties": false,
                     "properties": {"set": {"type": "boolean"}}}"""),
            true,
            List.of(new Example("Cache a customer for ten minutes", parse("""
                    {"key": "customer:42", "value": {"name": "Ada"}, "ttl": 600000}"""), parse("""
                    {"set": true}""")),
                    new Example("Take a lock unless someone holds it",
                            parse("""
                                    {"key": "lock:invoice:7", "value": "worker-1", "ttl": 30000, "ifAbsent": true}"""),
                            null)));

    static final OperationSpec DEL = new OperationSpec("redis.del",
            "Deletes keys of any type (DEL); `deleted` counts those that existed.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["keys"],
                     "properties": {"keys": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}}}"""),
            parse("""
                    {"type": "object", "required": ["deleted"], "additionalProperties": false,
                     "properties": {"deleted": {"type": "integer", "minimum": 0}}}"""),
            true,
            List.of(new Example("Forget a customer's cache entries", parse("""
                    {"keys": ["customer:42", "orders:42"]}"""), parse("""
                    {"deleted": 2}"""))));

    static final OperationSpec EXPIRE = new OperationSpec("redis.expire",
            "Sets a key's time to live (PEXPIRE); `set` is false when there is no such key.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["key", "ttl"],
                     "properties": {%s,
                       "ttl": {"type": "integer", "minimum": 1, "description": "time to live in milliseconds."}}}"""
                    .formatted(KEY)),
            parse("""
                    {"type": "object", "required": ["set"], "additionalProperties": false,
                     "properties": {"set": {"type": "boolean"}}}"""),
            true,
            List.of(new Example("Let a session expire in an hour", parse("""
                    {"key": "session:9f2c", "ttl": 3600000}"""), parse("""
                    {"set": true}"""))));

    static final OperationSpec INCR = new OperationSpec("redis.incr",
            "Adds `by` (default 1, may be negative) to an integer key, creating it at 0 first (INCRBY), and"
                    + " returns the new value. Not idempotent: every call adds.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["key"],
                     "properties": {%s, "by": {"type": "integer", "default": 1}}}""".formatted(KEY)),
            parse("""
                    {"type": "object", "required": ["value"], "additionalProperties": false,
                     "properties": {"value": {"type": "integer"}}}"""),
            false,
            List.of(new Example("Count a page view", parse("""
                    {"key": "views:home"}"""), parse("""
                    {"value": 1043}"""))));

    static final OperationSpec HGET = new OperationSpec("redis.hget",
            "Reads one field of a hash (HGET): `{value, exists}`, value null when the key or field does not exist.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["key", "field"],
                     "properties": {%s, "field": {"type": "string", "minLength": 1}}}""".formatted(KEY)),
            parse(READ_OUTPUT), true, true,
            List.of(new Example("Read a customer's e-mail address", parse("""
                    {"key": "customer:42", "field": "email"}"""), parse("""
                    {"value": "ada@example.com", "exists": true}"""))));

    static final OperationSpec HSET = new OperationSpec("redis.hset",
            "Writes fields of a hash (HSET), creating it if needed; `added` counts the fields that were new"
                    + " (0 when a repeat only wrote the same values again).",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["key", "fields"],
                     "properties": {%s,
                       "fields": {"type": "object", "minProperties": 1, "additionalProperties": %s}}}"""
                    .formatted(KEY, STORED)),
            parse("""
                    {"type": "object", "required": ["added"], "additionalProperties": false,
                     "properties": {"added": {"type": "integer", "minimum": 0}}}"""),
            true,
            List.of(new Example("Store a customer as a hash",
                    parse("""
                            {"key": "customer:42", "fields": {"name": "Ada", "email": "ada@example.com", "vip": true}}"""),
                    parse("""
                            {"added": 3}"""))));

    static final OperationSpec HGETALL = new OperationSpec("redis.hgetall",
            "Reads every field of a hash (HGETALL); `exists` is false (and `fields` empty) when there is no such key.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["key"],
                     "properties": {%s}}""".formatted(KEY)),
            parse("""
                    {"type": "object", "required": ["fields", "exists"], "additionalProperties": false,
                     "properties": {"fields": {"type": "object", "additionalProperties": {"type": "string"}},
                                    "exists": {"type": "boolean"}}}"""),
            true, true,
            List.of(new Example("Read a customer hash", parse("""
                    {"key": "customer:42"}"""),
                    parse("""
                            {"fields": {"email": "ada@example.com", "name": "Ada", "vip": "true"}, "exists": true}"""))));

    static final OperationSpec HDEL = new OperationSpec("redis.hdel",
            "Deletes fields of a hash (HDEL); `deleted` counts those that existed.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["key", "fields"],
                     "properties": {%s,
                       "fields": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}}}}"""
                    .formatted(KEY)),
            parse("""
                    {"type": "object", "required": ["deleted"], "additionalProperties": false,
                     "properties": {"deleted": {"type": "integer", "minimum": 0}}}"""),
            true,
            List.of(new Example("Drop a customer's phone number", parse("""
                    {"key": "customer:42", "fields": ["phone"]}"""), parse("""
                    {"deleted": 1}"""))));

    static final OperationSpec XADD = new OperationSpec("redis.xadd",
            "Appends an entry to a stream (XADD), creating the stream if needed, and returns the entry's id."
                    + " Not idempotent: Redis has no idempotency key for XADD, so a step re-run after a crash may"
                    + " append a second entry; give `idempotencyField` to write the call's idempotency key into"
                    + " the entry so that consumers can drop the repeat.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["stream", "fields"],
                     "properties": {
                       "stream": {"type": "string", "minLength": 1},
                       "fields": {"type": "object", "minProperties": 1, "additionalProperties": %s},
                       "id": {"type": "string", "default": "*", "pattern": "^(\\\\*|[0-9]+(-([0-9]+|\\\\*))?)$",
                              "description": "the entry's id; * lets Redis assign one."},
                       "maxLen": {"type": "integer", "minimum": 0,
                                  "description": "trim the stream to about this many entries (MAXLEN ~)."},
                       "idempotencyField": {"type": "string", "minLength": 1,
                                            "description": "a field to hold the call's idempotency key."}}}"""
                    .formatted(STORED)),
            parse("""
                    {"type": "object", "required": ["id"], "additionalProperties": false,
                     "properties": {"id": {"type": "string", "pattern": "^[0-9]+-[0-9]+$"}}}"""),
            false,
            List.of(new Example("Publish an order event, keeping about 100000 entries", parse("""
                    {"stream": "orders", "fields": {"type": "created", "order": {"id": 7, "total": 12.5}},
                     "maxLen": 100000}"""), parse("""
                    {"id": "1718000000000-0"}"""))));

    static final List<OperationSpec> ALL = List.of(GET, SET, DEL, EXPIRE, INCR, HGET, HSET, HGETALL, HDEL,
            XADD);

    private Operations() {
    }
}
