package dev.weft.connector.redis;

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

/** The {@code redis} connector's declaration: the system configuration, the operations and the trigger. */
final class Schemas {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final TriggerSpec STREAM = new TriggerSpec("redis.stream",
            "Starts an execution for each entry of a stream, read by a consumer group (XREADGROUP) on a thread"
                    + " of its own. The group is created when missing (with the stream, if need be). An entry is"
                    + " acknowledged (XACK) only after its execution is durably queued (or was already);"
                    + " an entry whose data the flow rejects is appended to the dead-letter stream with the"
                    + " reason and acknowledged; an entry that could not be queued stays pending. On start and"
                    + " every `claimIdle` milliseconds the trigger claims (XAUTOCLAIM) the group's entries that"
                    + " have been pending longer than `claimIdle`, its own and those of consumers that stopped,"
                    + " and hands them over again: delivery is at least once, and an entry's event id is the"
                    + " same on every delivery. Closing the trigger lets the entry in hand finish; entries"
                    + " read but not yet handed over stay pending until claimed. Needs Redis 6.2 or later (XAUTOCLAIM);"
                    + " an ACL user needs the stream commands and EVAL (the dead letter and its XACK run as one"
                    + " script).",
            TriggerKind.PUSH,
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["stream", "group"],
                     "properties": {
                       "stream": {"type": "string", "minLength": 1, "description": "the stream to read."},
                       "group": {"type": "string", "minLength": 1, "description": "the consumer group; it keeps the stream's read position."},
                       "consumer": {"type": "string", "minLength": 1, "description": "this reader's name in the group; by default one name per Weft process."},
                       "start": {"enum": ["$", "0"], "default": "$", "description": "where a group created now starts: $ for new entries only, 0 for the whole stream."},
                       "batch": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 10, "description": "entries read at once (COUNT)."},
                       "block": {"type": "integer", "minimum": 1, "maximum": 60000, "default": 2000, "description": "milliseconds one read waits for new entries (BLOCK)."},
                       "claimIdle": {"type": "integer", "minimum": 1, "default": 60000, "description": "milliseconds an entry stays pending before it is claimed and delivered again."},
                       "deadLetter": {"type": "string", "minLength": 1, "description": "the stream rejected entries go to; by default <stream>:dead."}}}
                    """),
            parse("""
                    {"type": "object", "required": ["stream", "id", "fields"], "additionalProperties": false,
                     "properties": {
                       "stream": {"type": "string"},
                       "id": {"type": "string", "description": "the entry's id, for example 1718000000000-0."},
                       "fields": {"type": "object", "additionalProperties": {"type": "string"}}}}
                    """),
            List.of(new Example("Start a flow for each order event", parse("""
                    {"stream": "orders", "group": "weft-orders"}
                    """),
                    parse("""
                            {"stream": "orders", "id": "1718000000000-0", "fields": {"type": "created", "order": "{\\"id\\":7}"}}
                            """))));

    static final ConnectorSpec SPEC = buildSpec();

    private Schemas() {
    }

    private static ConnectorSpec buildSpec() {
        ConnectorSpec.Builder builder = ConnectorSpec.builder("redis", "1.0.0")
                .title("Redis")
                .description("Reads and writes Redis keys, hashes and streams, and starts executions from a"
                        + " stream's entries through a consumer group. A system is one Redis server (or a"
                        + " proxy in front of several); its credential is the default user's password (secret)"
                        + " or an ACL user and password (basic). The configured host must pass the platform's"
                        + " egress rules (a private address needs egress.allow). Values are strings: JSON values other than"
                        + " strings are stored as their JSON text.")
                .config(parse(
                        """
                                {"type": "object", "additionalProperties": false, "required": ["host"],
                                 "properties": {
                                   "host": {"type": "string", "minLength": 1, "description": "the Redis server's host name or address."},
                                   "port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 6379, "description": "the server's TCP port."},
                                   "database": {"type": "integer", "minimum": 0, "default": 0, "description": "the logical database (SELECT)."},
                                   "tls": {"type": "boolean", "default": false, "description": "connect with TLS, checking the server certificate and its host name against the JDK's trust store."},
                                   "timeout": {"type": "integer", "minimum": 1, "default": 2000, "description": "milliseconds to connect, to wait for an answer, and to wait for a free pooled connection; a call's own timeout applies when shorter."},
                                   "maxConnections": {"type": "integer", "minimum": 1, "default": 16, "description": "pooled connections for operations; each running trigger has one more of its own."}}}
                                """))
                .credentials(CredentialType.SECRET, CredentialType.BASIC)
                .trigger(STREAM);
        Operations.ALL.forEach(builder::operation);
        return builder.build();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
