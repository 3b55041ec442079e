package dev.weft.connector.documents;

import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One call's time, by the system's clock: it ends {@code timeout} after the call began, and every page read
 * and every nested call (a page's transcription, the model's completion) shares it, so that the call as a
 * whole keeps its timeout instead of each part taking all of it. Also the call's cancellation, checked at the
 * same points. Immutable.
 *
 * @param operation the call's operation, for messages
 * @param timeout the call's timeout, for messages
 * @param end when the call's time is up
 */
record Deadline(String operation, Duration timeout, Instant end, Clock clock, Cancellation cancellation) {

    /** The deadline of {@code call}, which begins now. */
    static Deadline of(Call call, Clock clock) {
        return new Deadline(call.operation(), call.timeout(), clock.instant().plus(call.timeout()), clock,
                call.cancellation());
    }

    /**
     * Fails when the call was cancelled or its time is up, as it reaches {@code page} for {@code what}.
     *
     * @throws ConnectorException {@code documents.cancelled}, {@code documents.timeout}
     */
    void check(int page, String what) throws ConnectorException {
        left(page, what);
    }

    /**
     * {@code nested} with at most the time left of this call.
     *
     * @throws ConnectorException as {@link #check} does, when none is left
     */
    Call cap(Call nested, int page, String what) throws ConnectorException {
        return nested.cappedAt(left(page, what));
    }

    private Duration left(int page, String what) throws ConnectorException {
        if (cancellation.cancelled()) {
            throw Failures.cancelled(cancellation.reason());
        }
        Duration left = Duration.between(clock.instant(), end);
        if (left.isNegative() || left.isZero()) {
            throw Failures.timedOut(operation, timeout, page, what);
        }
        return left;
    }
}
