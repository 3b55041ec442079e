package dev.weft.connector.redis;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;

/**
 * The {@code redis} connector: string keys with time to live, hashes, counters and streams
 * ({@code redis.get}, {@code redis.set}, ..., {@code redis.xadd}), and the {@code redis.stream} push
 * trigger that reads a stream through a consumer group. Each system gets its own client
 * ({@link RedisSystemClient}), whose host is checked against the platform's egress rules when it opens.
 * Thread-safe; creating it starts nothing.
 */
@AutoService(Connector.class)
public final class RedisConnector implements Connector {

    @Override
    public ConnectorSpec spec() {
        return Schemas.SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new RedisSystemClient(context, RedisConfig.parse(context.config()));
    }
}
