package dev.weft.gateway;

/**
 * Told of every call the gateway makes and of every change of a circuit breaker's state: the gateway's
 * metrics ({@link GatewayMetrics}) and audit hook. Called on the calling thread, after the call; an
 * observer must be quick and must not throw. Thread-safe.
 */
public interface CallObserver {
    /** Observes nothing. */
    CallObserver NONE = new CallObserver() {
        @Override
        public void called(CallEvent event) {
        }
    };

    /** A call ended (answered, failed, refused, or answered by a fallback). */
    void called(CallEvent event);

    /**
     * A breaker changed its state ({@code closed}, {@code open}, {@code half_open}); called on the thread
     * whose call made it change, so an observer that does slow work (a store write) hands it on.
     */
    default void breakerChanged(BreakerChange change) {
    }

    /** Tells every one of {@code observers}, in order. */
    static CallObserver all(CallObserver... observers) {
        CallObserver[] copy = observers.clone();
        return new CallObserver() {
            @Override
            public void called(CallEvent event) {
                for (CallObserver o : copy) {
                    o.called(event);
                }
            }

            @Override
            public void breakerChanged(BreakerChange change) {
                for (CallObserver o : copy) {
                    o.breakerChanged(change);
                }
            }
        };
    }
}
