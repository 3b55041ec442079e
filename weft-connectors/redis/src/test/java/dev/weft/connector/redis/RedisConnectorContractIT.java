package dev.weft.connector.redis;

import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import dev.weft.testkit.services.RequiredService;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The connector contract against the local Redis. That server has no password, and Redis refuses a
 * password it does not expect, so this system has no credential; {@link RedisCredentialIT} shows that a
 * canary password never appears in the errors of a system that has one.
 */
class RedisConnectorContractIT extends ConnectorContract {
    @RegisterExtension
    static final RequiredService REDIS = LocalRedis.REDIS;
    private static final String P = LocalRedis.uniquePrefix("contract");

    @BeforeAll
    static void keysOfOtherTypes() {
        try (Jedis jedis = LocalRedis.direct()) {
            jedis.hset(P + "hash", "field", "value");
            jedis.set(P + "text", "not a number");
        }
    }

    @AfterAll
    static void cleanUp() {
        LocalRedis.deleteAll(P);
    }

    @Override
    protected Connector connector() {
        return new RedisConnector();
    }

    @Override
    protected TestSystem system() {
        return LocalRedis.system("contract");
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(
                call("redis.set",
                        "{\"key\": \"" + P + "a\", \"value\": {\"name\": \"Ada\"}, \"ttl\": 60000}"),
                call("redis.get", "{\"key\": \"" + P + "a\"}"),
                call("redis.get", "{\"key\": \"" + P + "missing\"}"),
                call("redis.expire", "{\"key\": \"" + P + "a\", \"ttl\": 30000}"),
                call("redis.incr", "{\"key\": \"" + P + "n\", \"by\": 5}"),
                call("redis.hset",
                        "{\"key\": \"" + P + "h\", \"fields\": {\"name\": \"Ada\", \"vip\": true}}"),
                call("redis.hget", "{\"key\": \"" + P + "h\", \"field\": \"name\"}"),
                call("redis.hgetall", "{\"key\": \"" + P + "h\"}"),
                call("redis.hdel", "{\"key\": \"" + P + "h\", \"fields\": [\"vip\"]}"),
                call("redis.xadd",
                        "{\"stream\": \"" + P
                                + "s\", \"fields\": {\"type\": \"created\"}, \"maxLen\": 1000}"),
                call("redis.del", "{\"keys\": [\"" + P + "a\", \"" + P + "n\"]}"));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(call("redis.get", "{\"key\": \"" + P + "hash\"}"),
                call("redis.incr", "{\"key\": \"" + P + "text\"}"),
                call("redis.get", "{}"),
                call("redis.set",
                        "{\"key\": \"" + P
                                + "b\", \"value\": \"v\", \"ifAbsent\": true, \"ifPresent\": true}"),
                call("redis.set", "{\"key\": \"" + P + "b\", \"value\": null}"),
                call("redis.xadd",
                        "{\"stream\": \"" + P + "s\", \"fields\": {\"a\": \"b\"}, \"id\": \"0-0\"}"),
                call("redis.xadd",
                        "{\"stream\": \"" + P + "s\", \"fields\": {\"a\": \"b\"}, \"id\": \"last\"}"),
                call("redis.flushall", "{}"));
    }
}
