package dev.weft.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The gateway's metrics: {@code weft_gateway_calls} (a timer, by system, operation and outcome),
 * {@code weft_call_usage} (a counter, exported as {@code weft_call_usage_total}, by system, operation and kind:
 * what answered calls report in their output's {@code usage} object, such as an LLM's {@code promptTokens};
 * see {@link CallEvent#usageOf}) and {@code weft_gateway_breaker_transitions} (a counter, by system, endpoint
 * and the state entered). Meters are looked up once per system, operation and outcome (or kind), so that a
 * call without usage allocates nothing here. Thread-safe.
 */
public final class GatewayMetrics implements CallObserver {
    private static final CallEvent.Outcome[] OUTCOMES = CallEvent.Outcome.values();
    private final MeterRegistry registry;
    private final Map<String, Map<String, AtomicReferenceArray<Timer>>> timers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Map<String, Counter>>> usage = new ConcurrentHashMap<>();

    public GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void called(CallEvent event) {
        AtomicReferenceArray<Timer> byOutcome = timers
                .computeIfAbsent(event.system(), s -> new ConcurrentHashMap<>())
                .computeIfAbsent(event.operation(), op -> new AtomicReferenceArray<>(OUTCOMES.length));
        int i = event.outcome().ordinal();
        Timer timer = byOutcome.get(i);
        if (timer == null) {
            // Registering the same meter twice returns the first: a race here only costs a lookup.
            timer = Timer.builder("weft_gateway_calls")
                    .description("Calls through the gateway, from entering the pipeline to its answer")
                    .tag("system", event.system())
                    .tag("operation", event.operation())
                    .tag("outcome", event.outcome().wireName())
                    .register(registry);
            byOutcome.set(i, timer);
        }
        timer.record(event.nanos(), TimeUnit.NANOSECONDS);
        if (!event.usage().isEmpty()) {
            Map<String, Counter> byKind = usage
                    .computeIfAbsent(event.system(), s -> new ConcurrentHashMap<>())
                    .computeIfAbsent(event.operation(), op -> new ConcurrentHashMap<>());
            event.usage().forEach((kind, amount) -> {
                if (amount > 0) {
                    byKind.computeIfAbsent(kind, k -> Counter.builder("weft_call_usage")
                            .description("What answered calls report they used (their output's usage object),"
                                    + " by kind: an LLM's promptTokens, completionTokens and totalTokens")
                            .tag("system", event.system())
                            .tag("operation", event.operation())
                            .tag("kind", kind)
                            .register(registry)).increment(amount);
                }
            });
        }
    }

    @Override
    public void breakerChanged(BreakerChange change) {
        Counter.builder("weft_gateway_breaker_transitions")
                .description("Circuit breaker state changes, by the state entered")
                .tag("system", change.system())
                .tag("endpoint", change.endpoint() == null ? "" : change.endpoint())
                .tag("state", change.to())
                .register(registry)
                .increment();
    }
}
