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
     * The breaker of {@code system} (of its {@code endpoint}, or null for its only one) went to
     * {@code state}: {@code closed}, {@code open} or {@code half_open}.
     */
    default void breakerChanged(String system, String endpoint, String state) {
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
            public void breakerChanged(String system, String endpoint, String state) {
                for (CallObserver o : copy) {
                    o.breakerChanged(system, endpoint, state);
                }
            }
        };
    }
}
