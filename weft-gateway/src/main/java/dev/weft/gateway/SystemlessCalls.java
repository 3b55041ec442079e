package dev.weft.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls without a system (a step with an absolute {@code url}): each connector's own client, opened on first
 * use with an empty configuration, behind one pipeline with the default policy per connector and
 * destination origin ({@link SystemClient#destination}), so that one failing host opens the breaker of its
 * own calls only. The pipelines are bounded: an origin unused for {@link #IDLE}, or beyond the
 * {@link #MAX_ORIGINS} most recent, starts again with a closed breaker. Thread-safe.
 */
final class SystemlessCalls implements AutoCloseable {
    /** The most destination origins whose breakers are kept. */
    static final int MAX_ORIGINS = 1000;
    /** How long the breaker of an origin no call goes to is kept. */
    static final Duration IDLE = Duration.ofHours(1);

    /** Opens a connector's client for calls without a system. */
    @FunctionalInterface
    interface Opener {
        SystemClient open(Connector connector) throws ConnectorException;
    }

    private final Clock clock;
    private final CallObserver observer;
    private final Opener opener;
    private final Map<String, SystemClient> clients = new ConcurrentHashMap<>();
    private final Cache<String, Pipeline> pipelines = Caffeine.newBuilder().maximumSize(MAX_ORIGINS)
            .expireAfterAccess(IDLE).build();

    SystemlessCalls(Clock clock, CallObserver observer, Opener opener) {
        this.clock = clock;
        this.observer = observer;
        this.opener = opener;
    }

    /** The pipeline {@code call} goes through: its connector's, for the origin it names. */
    Pipeline pipeline(Connector connector, Call call) throws ConnectorException {
        String id = connector.spec().id();
        SystemClient client = client(connector);
        String origin = client.destination(call);
        return pipelines.get(id + " " + origin, key -> Pipeline.forOrigin("(" + id + " without a system)",
                origin, clock, BoundClient.shared(client), observer));
    }

    private SystemClient client(Connector connector) throws ConnectorException {
        String id = connector.spec().id();
        SystemClient client = clients.get(id);
        if (client != null) {
            return client;
        }
        synchronized (clients) {
            client = clients.get(id);
            if (client == null) {
                client = opener.open(connector);
                clients.put(id, client);
            }
            return client;
        }
    }

    @Override
    public void close() {
        pipelines.invalidateAll();
        clients.forEach(Gateway::close);
        clients.clear();
    }

}
