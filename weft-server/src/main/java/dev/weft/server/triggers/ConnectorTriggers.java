package dev.weft.server.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.EventSink;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.Subscription;
import dev.weft.connector.TriggerKind;
import dev.weft.connector.TriggerSpec;
import dev.weft.engine.Caller;
import dev.weft.engine.WeftClient;
import dev.weft.engine.catalog.FlowCatalog;
import dev.weft.engine.InvalidInputException;
import dev.weft.engine.StartedExecution;
import dev.weft.connector.Durations;
import dev.weft.engine.flow.Flow;
import dev.weft.engine.flow.Trigger;
import dev.weft.engine.store.FlowVersion;
import dev.weft.engine.store.TriggerCursorStore;
import dev.weft.gateway.Gateway;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the connector triggers of the deployed flows ({@code {type: rabbitmq.consume, system: mq, ...}}):
 * a subscription per push trigger, a polling loop per polling trigger. Each event starts one execution,
 * keyed by the flow, the trigger and the event's id, so a redelivered event starts nothing new; a push
 * event is acknowledged to its system only once its execution is committed, and a poll's cursor is saved
 * only after its events' executions are. Triggers that cannot start (their system is missing or down) are
 * tried again every {@link #RETRY}. Thread-safe.
 */
public final class ConnectorTriggers implements AutoCloseable {
    /** How often triggers that failed to start are tried again. */
    static final Duration RETRY = Duration.ofSeconds(10);
    /** How often a polling trigger polls when its flow says no {@code every}. */
    static final Duration DEFAULT_EVERY = Duration.ofSeconds(30);
    static final int POLL_BATCH = 100;
    private static final Set<String> PLATFORM_FIELDS = Set.of("type", "system", "every", "description");
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorTriggers.class);

    private final WeftClient client;
    private final FlowCatalog catalog;
    private final Caller caller;
    private final Gateway gateway;
    private final TriggerCursorStore cursors;
    private final Clock clock;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private Thread retrier;

    /** One running trigger: what it runs, for which flow version, and how to stop it. */
    private record Running(FlowVersion version, AutoCloseable handle) {
    }

    public ConnectorTriggers(WeftClient client, FlowCatalog catalog, String tenant, Gateway gateway,
            TriggerCursorStore cursors, Clock clock) {
        this.client = client;
        this.catalog = catalog;
        this.caller = Caller.system(tenant, "trigger");
        this.gateway = gateway;
        this.cursors = cursors;
        this.clock = clock;
    }

    /** Starts the triggers of every deployed flow, and the loop that retries those that fail to start. */
    public void start() {
        reconcileAll();
        retrier = Thread.ofVirtual().name("weft-connector-triggers").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException e) {
                    return;
                }
                reconcileAll();
            }
        });
    }

    /** A flow was deployed or deleted: its triggers are started, replaced or stopped. */
    public void flowChanged(String namespace, String flowId, Optional<Flow> flow) {
        String prefix = namespace + "/" + flowId + "#";
        Map<String, Wanted> wanted = new HashMap<>();
        if (flow.isPresent()) {
            catalog.latest(caller.tenant(), namespace, flowId)
                    .ifPresent(e -> wanted.putAll(wanted(e.version(), e.flow())));
        }
        reconcile(prefix, wanted);
    }

    /** Whether every trigger of the deployed flows is running. */
    public boolean healthy() {
        return running.values().stream()
                .allMatch(r -> !(r.handle() instanceof Subscription s) || s.healthy());
    }

    private record Wanted(FlowVersion version, Trigger trigger, int index) {
    }

    private void reconcileAll() {
        if (closed) {
            return;
        }
        Map<String, Wanted> wanted = new HashMap<>();
        try {
            for (FlowCatalog.Entry e : catalog.flows(caller.tenant())) {
                wanted.putAll(wanted(e.version(), e.flow()));
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "could not read the deployed flows to start their connector triggers; trying again in {}",
                    RETRY, e);
            return;
        }
        reconcile("", wanted);
    }

    /** The key of the {@code index}th (from 1) trigger of a flow: where its cursor is kept. */
    public static String key(String namespace, String flowId, int index) {
        return namespace + "/" + flowId + "#" + index;
    }

    private static Map<String, Wanted> wanted(FlowVersion v, Flow flow) {
        Map<String, Wanted> out = new HashMap<>();
        List<Trigger> triggers = flow.triggers();
        for (int i = 0; i < triggers.size(); i++) {
            if (triggers.get(i).type().contains(".")) {
                out.put(key(v.namespace(), v.flowId(), i + 1),
                        new Wanted(v, triggers.get(i), i + 1));
            }
        }
        return out;
    }

    private synchronized void reconcile(String prefix, Map<String, Wanted> wanted) {
        for (String key : Set.copyOf(running.keySet())) {
            Running r = running.get(key);
            Wanted w = wanted.get(key);
            if (key.startsWith(prefix) && (w == null || w.version().version() != r.version().version())) {
                stop(key);
            }
        }
        for (Map.Entry<String, Wanted> e : wanted.entrySet()) {
            if (!closed && !running.containsKey(e.getKey())) {
                try {
                    running.put(e.getKey(),
                            new Running(e.getValue().version(), start(e.getKey(), e.getValue())));
                } catch (ConnectorException | RuntimeException failure) {
                    LOG.warn("trigger {} ({}) of flow {} did not start: {}; trying again in {}",
                            e.getValue().index(),
                            e.getValue().trigger().type(), e.getKey().substring(0, e.getKey().indexOf('#')),
                            failure.getMessage(), RETRY);
                }
            }
        }
    }

    private void stop(String key) {
        Running r = running.remove(key);
        if (r != null) {
            try {
                r.handle().close();
            } catch (Exception e) {
                LOG.warn("trigger {} did not stop cleanly", key, e);
            }
        }
    }

    private AutoCloseable start(String key, Wanted w) throws ConnectorException {
        JsonNode node = w.trigger().config();
        String type = w.trigger().type();
        String system = node.path("system").asText();
        TriggerSpec spec = gateway.trigger(type);
        if (spec == null) {
            throw ConnectorException.permanent("trigger.unknown",
                    "no connector declares trigger '" + type + "'", null,
                    null);
        }
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        node.properties().forEach(p -> {
            if (!PLATFORM_FIELDS.contains(p.getKey())) {
                config.set(p.getKey(), p.getValue());
            }
        });
        Sink sink = new Sink(w.version(), key, type, system);
        if (spec.kind() == TriggerKind.PUSH) {
            return gateway.subscribe(system, type, config, sink);
        }
        Duration every = node.hasNonNull("every")
                ? Durations.parse(node.get("every").asText()).orElse(DEFAULT_EVERY)
                : DEFAULT_EVERY;
        Poller poller = new Poller(key, type, system, config, every, sink);
        poller.start();
        return poller;
    }

    /** Turns an event into an execution of the flow version, durably, and says what became of it. */
    private final class Sink implements EventSink {
        private final FlowVersion version;
        private final String key;
        private final String type;
        private final String system;

        Sink(FlowVersion version, String key, String type, String system) {
            this.version = version;
            this.key = key;
            this.type = type;
            this.system = system;
        }

        @Override
        public Outcome accept(Event event) {
            ObjectNode trigger = JsonNodeFactory.instance.objectNode();
            trigger.put("type", type);
            trigger.put("system", system);
            trigger.put("eventId", event.id());
            trigger.set("event", event.data());
            JsonNode input = event.data().isObject() ? event.data() : JsonNodeFactory.instance.objectNode();
            try {
                StartedExecution started = client.start(caller, version, input, trigger,
                        "trigger:" + key + ":" + event.id());
                return started.created() ? Outcome.QUEUED : Outcome.DUPLICATE;
            } catch (InvalidInputException e) {
                LOG.warn("event {} of trigger {} does not fit the flow's input and is rejected: {}",
                        event.id(), key,
                        e.getMessage());
                return Outcome.REJECTED;
            } catch (RuntimeException e) {
                LOG.warn("event {} of trigger {} could not be queued; it will be delivered again", event.id(),
                        key, e);
                return Outcome.FAILED;
            }
        }
    }

    /** A polling trigger's loop, on a virtual thread of its own. */
    private final class Poller implements AutoCloseable {
        private final String key;
        private final String type;
        private final String system;
        private final JsonNode config;
        private final Duration every;
        private final Sink sink;
        private volatile boolean stopped;
        private Thread thread;

        Poller(String key, String type, String system, JsonNode config, Duration every, Sink sink) {
            this.key = key;
            this.type = type;
            this.system = system;
            this.config = config;
            this.every = every;
            this.sink = sink;
        }

        void start() {
            thread = Thread.ofVirtual().name("weft-poll-" + key).start(this::loop);
        }

        private void loop() {
            while (!stopped) {
                boolean more = false;
                try {
                    more = pollOnce();
                } catch (ConnectorException | RuntimeException e) {
                    LOG.warn("polling trigger {} ({} on system {}) failed: {}", key, type, system,
                            e.getMessage());
                }
                if (!more) {
                    try {
                        Thread.sleep(every);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        /** One poll: every event's execution committed before the cursor moves past it. */
        private boolean pollOnce() throws ConnectorException {
            Optional<JsonNode> read = cursors.cursor(caller.tenant(), key);
            JsonNode cursor = read.orElse(null);
            PollResult result = gateway.poll(system, new PollRequest(type, config, cursor, POLL_BATCH));
            for (Event event : result.events()) {
                if (stopped) {
                    return false;
                }
                EventSink.Outcome outcome = sink.accept(event);
                if (outcome == EventSink.Outcome.FAILED) {
                    return false; // the cursor stays: the next poll returns this event again
                }
            }
            if (!cursors.replaceCursor(caller.tenant(), key, read, result.cursor(), clock.instant())) {
                // reset through the API, or moved by another node's poll, since it was read: theirs stands
                LOG.info("polling trigger {}: its cursor changed during the poll (reset, or another node's"
                        + " poll); the next poll starts from the stored one", key);
                return false;
            }
            return result.more() && !result.events().isEmpty();
        }

        @Override
        public void close() {
            stopped = true;
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (retrier != null) {
            retrier.interrupt();
        }
        for (String key : Set.copyOf(running.keySet())) {
            stop(key);
        }
    }
}
