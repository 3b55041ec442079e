package dev.weft.server.access;

import dev.weft.engine.store.AuditEntry;
import dev.weft.engine.store.AuditStore;
import dev.weft.engine.store.SystemRecord;
import dev.weft.engine.store.SystemStore;
import dev.weft.gateway.CallEvent;
import dev.weft.gateway.CallObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log's record of credentials used by connectors: which system's credential, for which operation,
 * how often and how it went, never the value. Calls are counted per tenant, system, operation and outcome
 * and written as one entry ({@code credential.used}) per minute and kind, so that a busy flow does not
 * write an audit entry per call; a process killed loses at most the last minute's counts. Thread-safe.
 */
public final class CredentialUses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialUses.class);
    static final Duration EVERY = Duration.ofMinutes(1);

    private record Use(String tenant, String system, String operation, String outcome) {
    }

    private final AuditStore audit;
    private final SystemStore systems;
    private final Clock clock;
    private final ConcurrentHashMap<Use, LongAdder> counts = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Thread thread;

    public CredentialUses(AuditStore audit, SystemStore systems, Clock clock) {
        this.audit = audit;
        this.systems = systems;
        this.clock = clock;
    }

    /** The observer of one tenant's gateway. */
    public CallObserver observer(String tenant) {
        return new CallObserver() {
            @Override
            public void called(CallEvent event) {
                if (event.attempts() > 0 && !event.system().startsWith("(")) {
                    counts.computeIfAbsent(new Use(tenant, event.system(), event.operation(),
                            event.outcome().wireName()), k -> new LongAdder()).increment();
                }
            }
        };
    }

    public CredentialUses start() {
        thread = Thread.ofVirtual().name("weft-credential-uses").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(EVERY);
                } catch (InterruptedException e) {
                    return;
                }
                flush();
            }
        });
        return this;
    }

    /** Writes the counts gathered since the last time, one entry per tenant, system, operation and outcome. */
    public void flush() {
        for (Map.Entry<Use, LongAdder> e : Map.copyOf(counts).entrySet()) {
            long n = e.getValue().sumThenReset();
            if (n == 0) {
                counts.remove(e.getKey(), e.getValue());
                continue;
            }
            Use use = e.getKey();
            try {
                Optional<String> credential = systems.system(use.tenant(), use.system())
                        .map(SystemRecord::credential);
                if (credential.isEmpty()) {
                    continue; // a system without a credential: nothing secret was used
                }
                audit.append(new AuditEntry(use.tenant(), clock.instant(), "connector", "credential.used",
                        "credential " + credential.get() + " of system " + use.system() + ", operation "
                                + use.operation() + ": " + n + (n == 1 ? " call, " : " calls, ")
                                + use.outcome(),
                        use.outcome().equals("ok") || use.outcome().equals("cached")
                                ? AuditEntry.SUCCESS
                                : AuditEntry.FAILURE,
                        0, null, null, null, null));
            } catch (RuntimeException failure) {
                LOG.warn("could not write the audit entry of {} uses of system {}'s credential: {}", n,
                        use.system(),
                        failure.getMessage());
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
        flush();
    }
}
