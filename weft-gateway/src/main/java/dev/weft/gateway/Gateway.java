package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Blobs;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.EventSink;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.Subscription;
import dev.weft.connector.TriggerSpec;
import dev.weft.connector.Credential;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.OutboundAuth;
import dev.weft.connector.SystemClient;
import dev.weft.engine.store.SystemRecord;
import dev.weft.engine.store.SystemStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where calls go in a server: to a configured system's client (its config, its credential from the vault,
 * the egress rules), or, for a call step without a {@code system}, to the connector's own client with an
 * empty configuration. One client per system, opened on first use and replaced when the system changes
 * (at once on this node through {@link #systemChanged}, within {@link #REFRESH} on other nodes).
 * Every call goes through the system's {@link Pipeline} (its {@link Policy}). One tenant's: {@link Gateways}
 * holds one per tenant. Thread-safe.
 */
public final class Gateway implements AutoCloseable {
    /** How long a system's record is trusted before it is read again (changes made on another node). */
    public static final Duration REFRESH = Duration.ofSeconds(10);
    /** How deep calls of one system by another ({@code SystemContext.callSystem}) may nest. */
    static final int MAX_NESTED_CALLS = 3;
    private static final ThreadLocal<Integer> NESTING = ThreadLocal.withInitial(() -> 0);
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Map<String, Connector> connectors = new TreeMap<>();
    private final Map<String, OperationSpec> operations = new TreeMap<>();
    /** Connectors whose systems offer operations of their own ({@link Connector#systemOperations()}), by id. */
    private final Map<String, Connector> withSystemOperations = new TreeMap<>();
    private final Map<String, Connector> byOperation = new TreeMap<>();
    private final Map<String, Opened> clients = new ConcurrentHashMap<>();
    private final SystemlessCalls direct;
    private final SystemStore systems;
    private final CredentialSource credentials;
    private final EgressGuard egress;
    private final TokenClient tokens;
    private final OutboundAuths auths;
    private final Clock clock;
    private final String tenant;
    private final CallObserver observer;
    private final Blobs blobs;

    /** A system's clients (one per endpoint; the first for tests and triggers) and its pipeline. */
    private record Opened(SystemRecord record, Credential credential, List<SystemClient> clients,
            Pipeline pipeline, Instant readAt) {
        SystemClient client() {
            return clients.get(0);
        }
    }

    private Gateway(List<Connector> connectors, SystemStore systems, CredentialSource credentials,
            EgressGuard egress, Clock clock, String tenant, Blobs blobs, CallObserver observer) {
        for (Connector c : connectors) {
            ConnectorSpec spec = c.spec();
            if (this.connectors.putIfAbsent(spec.id(), c) != null) {
                throw new IllegalArgumentException("two connectors have the id '" + spec.id() + "': "
                        + this.connectors.get(spec.id()).getClass().getName() + " and "
                        + c.getClass().getName());
            }
            for (OperationSpec op : spec.operations()) {
                operations.put(op.name(), op);
                byOperation.put(op.name(), c);
            }
            if (c.systemOperations()) {
                withSystemOperations.put(spec.id(), c);
            }
        }
        this.systems = systems;
        this.credentials = credentials;
        this.egress = egress;
        this.tokens = new TokenClient(egress);
        this.auths = new OutboundAuths(tokens, credentials, clock);
        this.clock = clock;
        this.tenant = tenant;
        this.blobs = blobs;
        this.observer = observer;
        this.direct = new SystemlessCalls(clock, observer, connector -> {
            String id = connector.spec().id();
            Instant now = clock.instant();
            SystemRecord none = new SystemRecord(tenant, id, id, JsonNodeFactory.instance.objectNode(), null,
                    JsonNodeFactory.instance.objectNode(), 0, now, now);
            return open(connector, new Context(none, null, OutboundAuth.NONE, egress, blobs, clock,
                    Secrets.NONE, this::nestedCall));
        });
    }

    /**
     * The gateway of one tenant.
     *
     * @param blobs the tenant's blob store, which the connector of every system is given
     * @param observer told of every call and breaker change (the gateway's metrics and audit hook)
     */
    public static Gateway of(List<Connector> connectors, SystemStore systems, CredentialSource credentials,
            EgressGuard egress, Clock clock, String tenant, Blobs blobs, CallObserver observer) {
        return new Gateway(List.copyOf(connectors), systems, credentials, egress, clock, tenant, blobs,
                observer);
    }

    /** The tenant whose systems this gateway calls. */
    public String tenant() {
        return tenant;
    }

    /** Every connector's declaration, by id. */
    public List<ConnectorSpec> connectors() {
        return connectors.values().stream().map(Connector::spec).toList();
    }

    public Optional<ConnectorSpec> connector(String id) {
        return Optional.ofNullable(connectors.get(id)).map(Connector::spec);
    }

    public OperationSpec operation(String name) {
        return operations.get(name);
    }

    /**
     * Every declared operation's name, and {@code <id>.*} for each connector whose systems offer operations of
     * their own.
     */
    public Set<String> operationNames() {
        Set<String> names = new TreeSet<>(operations.keySet());
        withSystemOperations.keySet().forEach(id -> names.add(Connector.systemOperationsPattern(id)));
        return Collections.unmodifiableSet(names);
    }

    /** The connector whose systems may offer {@code operation} as their own, or null. */
    private Connector systemOperationConnector(String operation) {
        int dot = operation.indexOf('.');
        return dot < 0 ? null : withSystemOperations.get(operation.substring(0, dot));
    }

    /**
     * The operation {@code name} of {@code system}: a declared one, or one the system offers of its own; null
     * when neither.
     */
    public OperationSpec operation(String system, String name) throws ConnectorException {
        OperationSpec declared = operations.get(name);
        if (declared != null || system == null) {
            return declared;
        }
        Connector connector = systemOperationConnector(name);
        return connector == null ? null : opened(system, connector).client().ownOperation(name).orElse(null);
    }

    public String problem(String system, String operation) {
        Connector connector = byOperation.get(operation);
        if (connector == null && systemOperationConnector(operation) != null) {
            connector = systemOperationConnector(operation);
            if (system == null) {
                return "operation '" + operation + "' is one a system of connector '" + connector.spec().id()
                        + "' offers: name the system";
            }
        }
        if (connector == null) {
            return "unknown operation '" + operation + "'; known operations: "
                    + String.join(", ", operations.keySet());
        }
        if (system == null) {
            return null;
        }
        Opened opened = clients.get(system);
        Optional<SystemRecord> record = opened != null
                && clock.instant().isBefore(opened.readAt().plus(REFRESH))
                        ? Optional.of(opened.record())
                        : systems.system(tenant, system);
        if (record.isEmpty()) {
            return "no system '" + system + "'; " + howToCreate(system);
        }
        String id = connector.spec().id();
        if (!record.get().connector().equals(id)) {
            return "operation '" + operation + "' belongs to connector '" + id + "', but system '" + system
                    + "' is a '" + record.get().connector() + "' system";
        }
        return null;
    }

    public JsonNode call(String system, Call call) throws ConnectorException {
        Connector connector = byOperation.get(call.operation());
        if (connector == null && system != null && systemOperationConnector(call.operation()) != null) {
            connector = systemOperationConnector(call.operation());
            return current(system, connector, ownOperation(system, connector, call.operation()), call, true);
        }
        if (connector == null) {
            throw ConnectorException.permanent("operation.unknown", problem(system, call.operation()), null,
                    null);
        }
        OperationSpec op = operations.get(call.operation());
        if (system == null) {
            return direct.pipeline(connector, call).call(op, call);
        }
        return current(system, connector, op, call, true);
    }

    /**
     * The spec of an operation {@code system} offers of its own. When the system cannot say now (its
     * description could not be read, a retryable failure), a stand-in that neither retries nor caches lets the
     * call go through the pipeline, whose breaker, observer and fallback then see that failure.
     */
    private OperationSpec ownOperation(String system, Connector connector, String name)
            throws ConnectorException {
        SystemClient client = opened(system, connector).client();
        try {
            return client.ownOperation(name)
                    .orElseThrow(() -> ConnectorException.permanent("operation.unknown",
                            "system '" + system + "' has no operation '" + name + "'" + ownOperations(client),
                            null,
                            null));
        } catch (ConnectorException e) {
            if (!e.retryable()) {
                throw e;
            }
            return new OperationSpec(name, "an operation system '" + system + "' offers of its own",
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type",
                            "object"),
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type",
                            "object"),
                    false, false, List.of());
        }
    }

    /** {@code ; its operations: a, b} for a message, or nothing when the system cannot list them. */
    private static String ownOperations(SystemClient client) {
        try {
            List<String> names = client.ownOperations().stream().map(OperationSpec::name).sorted().toList();
            return names.isEmpty() ? "" : "; its operations: " + String.join(", ", names);
        } catch (ConnectorException e) {
            return "";
        }
    }

    /**
     * Calls through the system's current pipeline, holding it open for the call: a change to the system
     * replaces the pipeline, but its clients close only when the calls in flight on them have ended.
     */
    private JsonNode current(String system, Connector connector, OperationSpec op, Call call,
            boolean withFallback) throws ConnectorException {
        for (;;) {
            Pipeline pipeline = opened(system, connector).pipeline();
            if (pipeline.retain()) {
                try {
                    return pipeline.call(op, call, withFallback);
                } finally {
                    pipeline.release();
                }
            }
            // Replaced (and closed) between the lookup and now: the next lookup finds its successor.
        }
    }

    /** The same operation on {@code policy.fallback.system}, without following that system's fallback. */
    private JsonNode fallback(String from, String system, OperationSpec operation, Call call)
            throws ConnectorException {
        Connector connector = byOperation.get(operation.name());
        OperationSpec spec = operation;
        if (connector == null) {
            // an operation the primary system offers of its own: the fallback system must offer it too
            connector = systemOperationConnector(operation.name());
            try {
                spec = ownOperation(system, connector, operation.name());
            } catch (ConnectorException e) {
                throw ConnectorException.permanent("system.policy",
                        "system '" + from + "' names fallback system '"
                                + system + "' (policy.fallback.system), which cannot take the call: "
                                + e.getMessage(),
                        null,
                        null);
            }
        }
        try {
            return current(system, connector, spec, call, false);
        } catch (ConnectorException e) {
            if (e.code().equals("system.unknown") || e.code().equals("system.mismatch")) {
                throw ConnectorException.permanent("system.policy", "system '" + from
                        + "' names fallback system '" + system
                        + "' (policy.fallback.system), which cannot take"
                        + " the call: " + e.getMessage(), null, null);
            }
            throw e;
        }
    }

    /**
     * A call one system's connector makes to another system of this tenant ({@code SystemContext.callSystem}):
     * the same call path as a step's. A system may not call itself, and calls nest at most
     * {@link #MAX_NESTED_CALLS} deep, so that two systems that name each other end with an error instead of
     * a stack overflow.
     */
    private JsonNode nestedCall(String caller, String system, Call call) throws ConnectorException {
        if (system == null || system.equals(caller)) {
            throw ConnectorException.permanent("system.loop", "system '" + caller + "' cannot call "
                    + (system == null ? "an unnamed system" : "itself") + "; name another system in its"
                    + " configuration", null, null);
        }
        int depth = NESTING.get();
        if (depth >= MAX_NESTED_CALLS) {
            throw ConnectorException.permanent("system.loop",
                    "system '" + caller + "' called system '" + system
                            + "' " + MAX_NESTED_CALLS
                            + " calls deep; systems that call each other must not form a"
                            + " loop",
                    null, null);
        }
        NESTING.set(depth + 1);
        try {
            return call(system, call);
        } finally {
            NESTING.set(depth);
        }
    }

    /** Opens (or reuses) the system's client and asks it for a connection verdict. */
    public ConnectionTest test(String system) {
        Optional<SystemRecord> record = systems.system(tenant, system);
        if (record.isEmpty()) {
            return ConnectionTest.failed("no system '" + system + "'");
        }
        Connector connector = connectors.get(record.get().connector());
        if (connector == null) {
            return ConnectionTest.failed("system '" + system + "' uses connector '" + record.get().connector()
                    + "', which this server does not have");
        }
        try {
            Opened opened = opened(system, connector);
            List<Policy.Endpoint> endpoints = opened.pipeline().endpoints();
            if (endpoints.isEmpty()) {
                return opened.client().test();
            }
            // Every endpoint's verdict: the system is usable when all of them are.
            boolean ok = true;
            StringBuilder message = new StringBuilder();
            for (int i = 0; i < endpoints.size(); i++) {
                ConnectionTest t = opened.clients().get(i).test();
                ok &= t.ok();
                message.append(i == 0 ? "" : "; ").append(endpoints.get(i).baseUrl()).append(": ")
                        .append(t.message());
            }
            return ok ? ConnectionTest.ok(message.toString()) : ConnectionTest.failed(message.toString());
        } catch (ConnectorException e) {
            return ConnectionTest.failed(e.getMessage());
        }
    }

    /**
     * Starts a push trigger ({@code connector.trigger}) on the system's client; its events go to
     * {@code sink}. Closing the subscription stops it.
     */
    public Subscription subscribe(String system, String trigger, JsonNode config, EventSink sink)
            throws ConnectorException {
        return opened(system, triggerConnector(system, trigger)).client().subscribe(trigger, config, sink);
    }

    /** Polls a polling trigger ({@code connector.trigger}) of the system. */
    public PollResult poll(String system, PollRequest request) throws ConnectorException {
        return opened(system, triggerConnector(system, request.trigger())).client().poll(request);
    }

    /** The declaration of a connector trigger, or null when no connector declares it. */
    public TriggerSpec trigger(String name) {
        int dot = name.indexOf('.');
        Connector connector = dot < 0 ? null : connectors.get(name.substring(0, dot));
        return connector == null ? null : connector.spec().trigger(name);
    }

    private Connector triggerConnector(String system, String trigger) throws ConnectorException {
        if (trigger(trigger) == null) {
            throw ConnectorException.permanent("trigger.unknown",
                    "no connector declares trigger '" + trigger + "'",
                    null, null);
        }
        return connectors.get(trigger.substring(0, trigger.indexOf('.')));
    }

    /** The system was changed or deleted here: its client is closed and opened again on next use. */
    public void systemChanged(String system) {
        Opened old = clients.remove(system);
        if (old != null) {
            old.pipeline().close();
        }
    }

    /**
     * The system's live state (its breaker, permits, calls in flight), or the state of a system no call has
     * reached yet.
     */
    public JsonNode state(SystemRecord record) {
        Opened opened = clients.get(record.id());
        if (opened != null && opened.record().version() == record.version()) {
            return opened.pipeline().view();
        }
        return Pipeline.unopened(record.id(), Policy.parse(record.policy()), clock).view();
    }

    private Opened opened(String system, Connector connector) throws ConnectorException {
        Instant now = clock.instant();
        Opened opened = clients.get(system);
        if (opened != null && now.isBefore(opened.readAt().plus(REFRESH))) {
            checked(system, opened.record(), connector);
            return opened;
        }
        synchronized (clients) {
            opened = clients.get(system);
            if (opened != null && now.isBefore(opened.readAt().plus(REFRESH))) {
                checked(system, opened.record(), connector);
                return opened;
            }
            SystemRecord record = systems.system(tenant, system)
                    .orElseThrow(() -> ConnectorException.permanent(
                            "system.unknown",
                            "no system '" + system + "'; " + howToCreate(system),
                            null, null));
            checked(system, record, connector);
            // The credential is read again too: replacing it in the vault reaches the system's clients within
            // REFRESH, without saving the system.
            Credential credential = credential(record);
            if (record.credential() != null) {
                String unbound = CredentialBinding.problem(system, record.credential(),
                        credentials.systemsOf(tenant, record.credential()), systems.systems(tenant));
                if (unbound != null) {
                    throw ConnectorException.permanent("credential.unbound",
                            "system '" + system + "': " + unbound,
                            null, null);
                }
            }
            if (opened != null && opened.record().version() == record.version()
                    && sameCredential(opened.credential(), credential)) {
                Opened again = new Opened(record, opened.credential(), opened.clients(), opened.pipeline(),
                        now);
                clients.put(system, again);
                return again;
            }
            Policy policy;
            try {
                policy = Policy.parse(record.policy());
            } catch (IllegalArgumentException e) {
                throw ConnectorException.permanent("system.policy",
                        "system '" + system + "' has a policy this"
                                + " server cannot read: " + e.getMessage(),
                        null, null);
            }
            String problem = Policy.problem(policy, connector.spec(), system, record.config());
            if (problem != null) {
                throw ConnectorException.permanent("system.policy", "system '" + system + "': " + problem,
                        null,
                        null);
            }
            // What the calls bring back is redacted of the credential's values and of what its auth injects
            Secrets secrets = Secrets.of(credential);
            OutboundAuth auth = credential == null
                    ? OutboundAuth.NONE
                    : secrets.recording(auths.of(record, credential));
            List<SystemClient> opening = new ArrayList<>();
            try {
                for (SystemRecord endpoint : endpointRecords(record, policy)) {
                    opening.add(open(connector,
                            new Context(endpoint, credential, auth, egress, blobs, clock, secrets,
                                    this::nestedCall)));
                }
            } catch (ConnectorException | RuntimeException e) {
                opening.forEach(c -> close(system, c));
                throw e;
            }
            Policy.Fallback fallback = policy.fallback();
            Pipeline pipeline = new Pipeline(system, policy, clock, opening, observer,
                    fallback == null || fallback.system() == null
                            ? null
                            : (operation, call) -> fallback(system, fallback.system(), operation, call));
            Opened fresh = new Opened(record, credential, List.copyOf(opening), pipeline, now);
            clients.put(system, fresh);
            if (opened != null) {
                opened.pipeline().close();
            }
            return fresh;
        }
    }

    /**
     * Whether clients opened with {@code before} may go on with {@code now}: the same credential, where a
     * refresh-token credential's refresh token does not count (the gateway rotates it itself; the grant
     * reads the stored one before each refresh).
     */
    private static boolean sameCredential(Credential before, Credential now) {
        if (before instanceof Credential.OAuth2RefreshToken a
                && now instanceof Credential.OAuth2RefreshToken b) {
            return a.tokenUrl().equals(b.tokenUrl()) && a.clientId().equals(b.clientId())
                    && java.util.Objects.equals(a.clientSecret(), b.clientSecret())
                    && java.util.Objects.equals(a.scope(), b.scope());
        }
        return java.util.Objects.equals(before, now);
    }

    private static void checked(String system, SystemRecord record, Connector connector)
            throws ConnectorException {
        if (!record.connector().equals(connector.spec().id())) {
            throw ConnectorException.permanent("system.mismatch", "system '" + system + "' is a '"
                    + record.connector() + "' system; its operations start with '" + record.connector()
                    + ".'",
                    null, null);
        }
    }

    private Credential credential(SystemRecord record) throws ConnectorException {
        if (record.credential() == null) {
            return null;
        }
        return credentials.credential(record.tenantId(), record.credential()).orElseThrow(
                () -> ConnectorException.permanent("system.credential", "system '" + record.id()
                        + "' names credential '" + record.credential() + "', which does not exist; create it"
                        + " with PUT /api/v1/credentials/" + record.credential(), null, null));
    }

    /**
     * The records the endpoints' clients are opened with: the system's, with {@code config.baseUrl} set to
     * each endpoint's; the system's own when its policy has no endpoints.
     */
    private static List<SystemRecord> endpointRecords(SystemRecord record, Policy policy) {
        if (policy.endpoints().isEmpty()) {
            return List.of(record);
        }
        List<SystemRecord> records = new ArrayList<>();
        for (Policy.Endpoint e : policy.endpoints()) {
            ObjectNode config = record.config().isObject()
                    ? ((ObjectNode) record.config()).deepCopy()
                    : JsonNodeFactory.instance.objectNode();
            config.put("baseUrl", e.baseUrl());
            records.add(new SystemRecord(record.tenantId(), record.id(), record.connector(), config,
                    record.credential(), record.policy(), record.version(), record.createdAt(),
                    record.updatedAt()));
        }
        return records;
    }

    /** Opens the connector's client on {@code context}; closing the client closes the context too. */
    private static SystemClient open(Connector connector, Context context) throws ConnectorException {
        try {
            return BoundClient.opened(connector.open(context), context);
        } catch (ConnectorException | RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** Where a missing system is defined: the server's API, or the command line's systems file. */
    private String howToCreate(String system) {
        return systems instanceof FixedSystems
                ? "define it in the file given with --systems (docs/gateway.md#systems-on-the-command-line)"
                : "create it with PUT /api/v1/systems/" + system;
    }

    static void close(String name, SystemClient client) {
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.warn("the client of system {} did not close cleanly", name, e);
        }
    }

    @Override
    public void close() {
        clients.forEach((name, opened) -> opened.pipeline().close());
        clients.clear();
        direct.close();
        tokens.close();
    }
}
