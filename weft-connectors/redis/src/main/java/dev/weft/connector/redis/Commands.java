package dev.weft.connector.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;

/**
 * The {@code redis.*} operations, each one command (or one round trip) on a connection the caller has
 * borrowed and set up. Stateless.
 */
final class Commands {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Commands() {
    }

    /** Runs {@code call}'s operation; an unknown name is a permanent {@code redis.operation} error. */
    static JsonNode run(Jedis jedis, Call call) throws ConnectorException {
        JsonNode in = call.input();
        return switch (call.operation()) {
            case "redis.get" -> get(jedis, in);
            case "redis.set" -> set(jedis, in);
            case "redis.del" -> NODES.objectNode().put("deleted", jedis.del(Inputs.texts(in, "keys")));
            case "redis.expire" -> NODES.objectNode().put("set",
                    jedis.pexpire(Inputs.text(in, "key"), Inputs.integer(in, "ttl", 1, null)) == 1);
            case "redis.incr" -> NODES.objectNode().put("value",
                    jedis.incrBy(Inputs.text(in, "key"), Inputs.integer(in, "by", Long.MIN_VALUE, 1L)));
            case "redis.hget" -> hget(jedis, in);
            case "redis.hset" -> NODES.objectNode().put("added",
                    jedis.hset(Inputs.text(in, "key"), Inputs.fields(in, "fields")));
            case "redis.hgetall" -> hgetall(jedis, in);
            case "redis.hdel" -> NODES.objectNode().put("deleted",
                    jedis.hdel(Inputs.text(in, "key"), Inputs.texts(in, "fields")));
            case "redis.xadd" -> xadd(jedis, in, call.idempotencyKey());
            default -> throw ConnectorException.permanent("redis.operation",
                    "the redis connector has no operation '" + call.operation() + "'", null, null);
        };
    }

    /** Checks the input before a connection is borrowed, so that bad input costs no round trip. */
    static void check(Call call) throws ConnectorException {
        JsonNode in = call.input();
        switch (call.operation()) {
            case "redis.set" -> setParams(in);
            case "redis.xadd" -> xaddParams(in);
            default -> {
                // the others read their few fields as they run, before anything is sent
            }
        }
    }

    private static JsonNode get(Jedis jedis, JsonNode in) throws ConnectorException {
        String value = jedis.get(Inputs.text(in, "key"));
        return NODES.objectNode().put("value", value).put("exists", value != null);
    }

    private static JsonNode set(Jedis jedis, JsonNode in) throws ConnectorException {
        String key = Inputs.text(in, "key");
        String value = Inputs.stored("value", in.get("value"));
        SetParams params = setParams(in);
        // "OK" when written; no reply (null) when NX or XX held it back.
        return NODES.objectNode().put("set", "OK".equals(jedis.set(key, value, params)));
    }

    private static SetParams setParams(JsonNode in) throws ConnectorException {
        boolean ifAbsent = Inputs.flag(in, "ifAbsent");
        boolean ifPresent = Inputs.flag(in, "ifPresent");
        if (ifAbsent && ifPresent) {
            throw Inputs.invalid("ifAbsent",
                    "and ifPresent exclude each other: give at most one of them (no key is both absent and present)");
        }
        Inputs.stored("value", in.get("value"));
        SetParams params = SetParams.setParams();
        Long ttl = Inputs.integer(in, "ttl", 1, null);
        if (ttl != null) {
            params.px(ttl);
        }
        if (ifAbsent) {
            params.nx();
        }
        if (ifPresent) {
            params.xx();
        }
        return params;
    }

    private static JsonNode hget(Jedis jedis, JsonNode in) throws ConnectorException {
        String value = jedis.hget(Inputs.text(in, "key"), Inputs.text(in, "field"));
        return NODES.objectNode().put("value", value).put("exists", value != null);
    }

    private static JsonNode hgetall(Jedis jedis, JsonNode in) throws ConnectorException {
        Map<String, String> all = new TreeMap<>(jedis.hgetAll(Inputs.text(in, "key")));
        ObjectNode out = NODES.objectNode();
        ObjectNode fields = out.putObject("fields");
        all.forEach(fields::put);
        // Redis keeps no empty hash: no fields means no key.
        return out.put("exists", !all.isEmpty());
    }

    private static JsonNode xadd(Jedis jedis, JsonNode in, String idempotencyKey) throws ConnectorException {
        String stream = Inputs.text(in, "stream");
        Map<String, String> fields = Inputs.fields(in, "fields");
        String keyField = Inputs.text(in, "idempotencyField", null);
        if (keyField != null) {
            if (fields.containsKey(keyField)) {
                throw Inputs.invalid("idempotencyField", "names '" + keyField
                        + "', which fields sets already: choose a field name of its own");
            }
            fields.put(keyField, idempotencyKey);
        }
        StreamEntryID id = jedis.xadd(stream, xaddParams(in), fields);
        return NODES.objectNode().put("id", id.toString());
    }

    private static XAddParams xaddParams(JsonNode in) throws ConnectorException {
        String id = Inputs.text(in, "id", "*");
        if (!id.equals("*") && !id.matches("[0-9]+(-([0-9]+|\\*))?")) {
            throw Inputs.invalid("id",
                    "must be \"*\" (Redis assigns one), <ms>, <ms>-<seq> or <ms>-*, but was '"
                            + id + "'");
        }
        XAddParams params = XAddParams.xAddParams().id(id);
        Long maxLen = Inputs.integer(in, "maxLen", 0, null);
        if (maxLen != null) {
            params.maxLen(maxLen).approximateTrimming();
        }
        return params;
    }
}
