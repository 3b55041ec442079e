package dev.weft.server.ops;

import dev.weft.gateway.BreakerChange;
import dev.weft.gateway.CallEvent;
import dev.weft.gateway.CallObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's audit hook in the server: one line per outbound call on the logger {@code weft.audit.calls}
 * (system, operation, endpoint, outcome, error code, attempts, milliseconds, idempotency key, trace id;
 * never input, output or credential). Calls that answered are logged at DEBUG, every other outcome at INFO;
 * a line written during a step also carries the execution's id and the step (the log's MDC). Thread-safe.
 */
public final class CallLog implements CallObserver {
    /** The logger's name; set its level to DEBUG to see every call. */
    public static final String LOGGER = "weft.audit.calls";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    @Override
    public void called(CallEvent e) {
        boolean answered = e.outcome() == CallEvent.Outcome.OK || e.outcome() == CallEvent.Outcome.CACHED;
        if (answered ? !LOG.isDebugEnabled() : !LOG.isInfoEnabled()) {
            return;
        }
        String line = "call system={} operation={} endpoint={} outcome={} error={} attempts={} ms={} key={} trace={}";
        Object[] args = {e.system(), e.operation(), e.endpoint() == null ? "-" : e.endpoint(),
                e.outcome().wireName(), e.errorCode() == null ? "-" : e.errorCode(), e.attempts(),
                String.format(java.util.Locale.ROOT, "%.3f", e.nanos() / 1e6), e.idempotencyKey(),
                e.traceId() == null ? "-" : e.traceId()};
        if (answered) {
            LOG.debug(line, args);
        } else {
            LOG.info(line, args);
        }
    }

    @Override
    public void breakerChanged(BreakerChange change) {
        LOG.info("breaker system={} endpoint={} state={} from={}", change.system(),
                change.endpoint() == null ? "-" : change.endpoint(), change.to(), change.from());
    }
}
