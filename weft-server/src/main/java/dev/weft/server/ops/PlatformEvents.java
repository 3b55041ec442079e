package dev.weft.server.ops;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.engine.event.EventFeed;
import dev.weft.engine.store.EventRecord;
import dev.weft.gateway.BreakerChange;
import dev.weft.gateway.CallEvent;
import dev.weft.gateway.CallObserver;
import dev.weft.vault.CredentialInfo;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's events that are no engine's change, written to their tenant's feed: a system's circuit
 * breaker opened or closed ({@code system.breaker_*}), a credential's value replaced
 * ({@code credential.rotated}). They are written one after the other, in the order they happened, by a
 * writer thread of their own, so that the call or request that caused one neither waits for the store nor
 * fails with it; one the store refuses is logged and dropped. docs/design/event-feed.md says why they are
 * not written in the commit of their change. Thread-safe.
 */
public final class PlatformEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PlatformEvents.class);
    /** The states in which a breaker refuses calls: entering one is an opening. */
    private static final Set<String> OPEN = Set.of("open", "forced_open");
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final ExecutorService writer = Executors
            .newSingleThreadExecutor(Thread.ofVirtual().name("weft-platform-events").factory());
    private volatile EventFeed feed;

    /**
     * Writes to {@code events} from now on. The server connects the engine's feed once it is built, before
     * any call or request can change a breaker or a credential.
     */
    public void connect(EventFeed events) {
        this.feed = events;
    }

    /** The observer of one tenant's gateway: its systems' breakers opening and closing. */
    public CallObserver breakers(String tenant) {
        return new CallObserver() {
            @Override
            public void called(CallEvent event) {
            }

            @Override
            public void breakerChanged(BreakerChange change) {
                breakerChangedIn(tenant, change);
            }
        };
    }

    private void breakerChangedIn(String tenant, BreakerChange change) {
        boolean opened = OPEN.contains(change.to()) && !OPEN.contains(change.from());
        boolean closed = change.to().equals("closed");
        if (!change.ofSystem() || !opened && !closed) {
            return; // half-open is a trial, not news; calls without a system have no system to name
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("system", change.system());
        if (change.endpoint() != null) {
            payload.put("endpoint", change.endpoint());
        }
        payload.put("state", opened ? "open" : "closed");
        payload.put("from", change.from());
        if (change.failureRate() == null) {
            payload.putNull("failureRate");
        } else {
            payload.put("failureRate", change.failureRate());
        }
        write(tenant, opened ? EventRecord.SYSTEM_BREAKER_OPENED : EventRecord.SYSTEM_BREAKER_CLOSED,
                payload);
    }

    /**
     * {@code info} is a credential's new version that replaced an existing one (version 2 or more); a
     * created credential (version 1) is not a rotation and writes nothing. Names its type and version,
     * never a value.
     */
    public void credentialReplaced(String tenant, CredentialInfo info) {
        if (info.version() <= 1) {
            return;
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("credential", info.name());
        payload.put("type", info.type().wireName());
        payload.put("version", info.version());
        write(tenant, EventRecord.CREDENTIAL_ROTATED, payload);
    }

    private void write(String tenant, String type, ObjectNode payload) {
        try {
            writer.execute(() -> {
                EventFeed events = feed;
                try {
                    if (events == null) {
                        throw new IllegalStateException("no event feed is connected yet");
                    }
                    events.publishPlatform(tenant, type, payload);
                } catch (RuntimeException e) {
                    LOG.warn("could not write event {} of tenant {} ({}); it is dropped", type, tenant,
                            payload,
                            e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("event {} of tenant {} ({}) came after the server stopped writing events; it is dropped",
                    type, tenant, payload);
        }
    }

    /** Writes the events handed over so far (waiting up to 10 s), then refuses new ones. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("platform events still unwritten after {}; they are dropped", CLOSE_WAIT);
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
