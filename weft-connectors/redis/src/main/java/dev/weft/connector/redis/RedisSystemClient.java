package dev.weft.connector.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.EventSink;
import dev.weft.connector.Subscription;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import java.time.Duration;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The {@code redis} connector's client for one system: a pool of connections for operations (a call
 * borrows one, sets its timeout to the shorter of the call's and the system's, and returns it), and one
 * connection of its own per running stream trigger. The pool opens connections when calls need them, so
 * opening the client waits for nothing. Thread-safe.
 */
final class RedisSystemClient implements SystemClient {
    private final SystemContext context;
    private final RedisConfig config;
    private final JedisClientConfig clientConfig;
    private final Failures failures;
    private final String target;
    private final JedisPool pool;

    RedisSystemClient(SystemContext context, RedisConfig config) throws ConnectorException {
        this.context = context;
        this.config = config;
        context.egress().checkHost("redis", config.host());
        this.clientConfig = config.clientConfig(context.credential(),
                RedisConfig.clientName(context.systemId(), "calls"), 0);
        this.target = config.describe(context.credential());
        this.failures = new Failures(target, context.credential());
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(config.maxConnections());
        poolConfig.setMaxIdle(config.maxConnections());
        poolConfig.setMinIdle(0);
        poolConfig.setMaxWait(Duration.ofMillis(config.timeoutMillis()));
        // Idle connections are checked in the background (JedisPoolConfig's evictor), not before each call:
        // a call that meets a connection the server closed fails retryable, and the gateway may try again.
        poolConfig.setTestOnBorrow(false);
        this.pool = new JedisPool(poolConfig, config.address(), clientConfig);
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        String what = call.operation();
        if (Schemas.SPEC.operation(what) == null) {
            throw ConnectorException.permanent("redis.operation",
                    "the redis connector has no operation '" + what + "'", null, null);
        }
        Commands.check(call);
        if (call.cancellation().cancelled()) {
            throw cancelled(call, null);
        }
        int timeout = (int) Math.max(1, Math.min(config.timeoutMillis(), call.timeout().toMillis()));
        try (Jedis jedis = pool.getResource()) {
            jedis.getConnection().setSoTimeout(timeout);
            InFlight inFlight = new InFlight(jedis);
            call.cancellation().onCancel(inFlight::abort);
            try {
                return Commands.run(jedis, call);
            } catch (JedisException e) {
                if (inFlight.aborted()) {
                    throw cancelled(call, e);
                }
                throw e;
            } finally {
                // Before the connection goes back to the pool, where a late cancel must not reach it.
                inFlight.finish();
            }
        } catch (JedisException e) {
            throw failures.of(what, e);
        }
    }

    private static ConnectorException cancelled(Call call, Throwable cause) {
        return ConnectorException.retryable("redis.cancelled", call.operation() + " was cancelled: "
                + call.cancellation().reason(), null, cause);
    }

    /** PING and the server's version, on a connection of its own so that a verdict never comes from the pool. */
    @Override
    public ConnectionTest test() {
        try (Jedis jedis = new Jedis(config.address(), clientConfig)) {
            jedis.ping();
            String version = "";
            for (String line : jedis.info("server").split("\r?\n")) {
                if (line.startsWith("redis_version:")) {
                    version = " " + line.substring("redis_version:".length()).strip();
                }
            }
            return ConnectionTest.ok("connected to Redis" + version + " at " + target);
        } catch (JedisException e) {
            ConnectorException failure = failures.of("connection test", e);
            return ConnectionTest.failed(failure.getMessage());
        }
    }

    @Override
    public Subscription subscribe(String trigger, JsonNode triggerConfig, EventSink sink)
            throws ConnectorException {
        if (!trigger.equals(Schemas.STREAM.name())) {
            throw ConnectorException.permanent("trigger.unsupported",
                    "the redis connector has no push trigger '" + trigger + "'", null, null);
        }
        StreamConfig stream = StreamConfig.parse(triggerConfig);
        // A read may keep the socket quiet for the whole BLOCK; past that plus the timeout the server is gone.
        JedisClientConfig readerConfig = config.clientConfig(context.credential(),
                RedisConfig.clientName(context.systemId(), "stream"),
                stream.blockMillis() + config.timeoutMillis());
        Supplier<Jedis> connect = () -> new Jedis(config.address(), readerConfig);
        Jedis connected = null;
        try {
            connected = connect.get();
            StreamSubscription.ensureGroup(connected, stream);
        } catch (JedisConnectionException unreachable) {
            // Redis may come back: the subscription keeps trying and reports itself unhealthy meanwhile.
            context.logger().warn("redis.stream {}: {}; the trigger keeps trying", stream.stream(),
                    failures.of("redis.stream", unreachable).getMessage());
            closeQuietly(connected);
            connected = null;
        } catch (JedisException refused) {
            // A refused credential or a key of another type: trying again will not help.
            closeQuietly(connected);
            throw failures.of("redis.stream " + stream.stream(), refused);
        }
        StreamSubscription subscription = new StreamSubscription(stream, connect, connected, sink, failures,
                context.clock(), context.logger());
        subscription.start();
        return subscription;
    }

    private static void closeQuietly(Jedis jedis) {
        if (jedis != null) {
            try {
                jedis.close();
            } catch (RuntimeException alreadyBroken) {
                // nothing left to release
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Aborts a call's command when the call is cancelled, but only while the connection is still the call's. */
    private static final class InFlight {
        private final Jedis jedis;
        private boolean finished;
        private boolean aborted;

        InFlight(Jedis jedis) {
            this.jedis = jedis;
        }

        synchronized void abort() {
            if (finished) {
                return;
            }
            aborted = true;
            finished = true;
            try {
                // Closing the socket ends a blocked read; the pool drops the broken connection.
                jedis.disconnect();
            } catch (RuntimeException alreadyBroken) {
                // the command fails either way
            }
        }

        synchronized void finish() {
            finished = true;
        }

        synchronized boolean aborted() {
            return aborted;
        }
    }
}
