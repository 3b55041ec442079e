package dev.weft.testkit.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.engine.Caller;
import dev.weft.engine.Engine;
import dev.weft.engine.WeftClient;
import dev.weft.engine.EngineListener;
import dev.weft.engine.FlowParser;
import dev.weft.engine.EngineSettings;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.StepRecord;
import dev.weft.engine.store.StepStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An engine on a store, with a {@link RecordingConnector} (called through {@link ConnectorCalls}) and a
 * {@link MutableClock}, and the few
 * verbs engine tests need: run a flow from YAML, wait until an execution parks or ends, read its steps.
 */
public final class EngineHarness implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public final ExecutionStore store;
    public final RecordingConnector connector;
    /** The {@code llm.chat} that {@code agent} steps call: replies scripted by the test. */
    public final ScriptedModel model = new ScriptedModel();
    public final MutableClock clock;
    public final Engine engine;
    /** The engine's client, used with {@link #CALLER}. */
    public final WeftClient client;
    /** The caller of every test: the default tenant. */
    public static final Caller CALLER = Caller.system(ExecutionStore.DEFAULT_TENANT, "test");
    private final ConnectorCalls calls;
    private final Map<String, CountDownLatch> parked = new ConcurrentHashMap<>();
    /** What listeners heard: {@code "> path"} when a step started, {@code "< path status"} when it ended. */
    public final List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The executions listeners heard created, as {@code namespace/flow}. */
    public final List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    public EngineHarness(ExecutionStore store, RecordingConnector connector, MutableClock clock, String owner,
            Function<EngineSettings, EngineSettings> tune) {
        this.store = store;
        this.connector = connector;
        this.clock = clock;
        EngineSettings settings = tune
                .apply(new EngineSettings(Duration.ofSeconds(30), Duration.ofMillis(20), 1000, 1024 * 1024,
                        Duration.ofSeconds(30), Duration.ofMillis(50), 100));
        this.calls = ConnectorCalls.of(connector, model);
        this.engine = Engine.builder(store)
                .clock(clock)
                .calls(calls)
                .parser(FlowParser.reading(Set.of()))
                .settings(settings)
                .owner(owner)
                .listener(new EngineListener() {
                    @Override
                    public void executionStarted(ExecutionRecord execution) {
                        started.add(execution.namespace() + "/" + execution.flowId());
                    }

                    @Override
                    public void stepStarted(String executionId, String path, String type, int attempt) {
                        events.add("> " + path);
                    }

                    @Override
                    public void stepFinished(String executionId, String path, StepStatus status,
                            JsonNode outputOrError) {
                        events.add("< " + path + " " + status.name().toLowerCase(java.util.Locale.ROOT));
                    }

                    @Override
                    public void executionParked(ExecutionRecord execution, boolean awaitingSignal) {
                        latch(execution.id()).countDown();
                    }
                })
                .build()
                .start();
        this.client = engine.client();
    }

    public static EngineHarness on(ExecutionStore store) {
        return new EngineHarness(store, new RecordingConnector(), new MutableClock(), "test-worker-1",
                s -> s);
    }

    private CountDownLatch latch(String id) {
        return parked.computeIfAbsent(id, k -> new CountDownLatch(1));
    }

    public FlowVersion deploy(String yaml) {
        try {
            return client.deploy(CALLER, "test.yaml", yaml);
        } catch (Exception e) {
            throw new AssertionError("flow does not deploy: " + e.getMessage(), e);
        }
    }

    public String start(String yaml, String inputJson) {
        try {
            return client.start(CALLER, deploy(yaml), MAPPER.readTree(inputJson), null, null).id();
        } catch (Exception e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Runs a flow to its end and returns the final row. */
    public ExecutionRecord run(String yaml, String inputJson) throws InterruptedException {
        return awaitEnd(start(yaml, inputJson));
    }

    public ExecutionRecord awaitEnd(String id) throws InterruptedException {
        ExecutionRecord r = client.await(CALLER, id, TIMEOUT);
        if (r == null || !r.status().terminal()) {
            throw new AssertionError(
                    "execution " + id + " did not end within " + TIMEOUT + ": " + r + "\nsteps: "
                            + steps(id));
        }
        return r;
    }

    /** Waits until the execution has parked (nothing to do until a timer or a signal). */
    public void awaitParked(String id) throws InterruptedException {
        if (!latch(id).await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("execution " + id + " did not park; steps: " + steps(id));
        }
        parked.remove(id);
    }

    /** Waits (polling the store) until the step at {@code path} has the given status. */
    public boolean awaitStep(String id, String path, StepStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            StepRecord s = stepsByPath(id).get(path);
            if (s != null && s.status() == status) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return false;
    }

    public List<StepRecord> steps(String id) {
        return store.steps(ExecutionStore.DEFAULT_TENANT, id);
    }

    public Map<String, StepRecord> stepsByPath(String id) {
        return steps(id).stream().collect(Collectors.toMap(StepRecord::path, s -> s));
    }

    public static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        engine.close();
        calls.close();
    }
}
