package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import dev.weft.connector.SystemClient;
import dev.weft.engine.CallRouter;
import dev.weft.engine.store.SystemRecord;
import dev.weft.engine.store.SystemStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * Every call goes through the system's {@link Pipeline} (its {@link Policy}). Thread-safe.
 */
public final class Gateway implements CallRouter, AutoCloseable {
    /** How long a system's record is trusted before it is read again (changes made on another node). */
    public static final Duration REFRESH = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Map<String, Connector> connectors = new TreeMap<>();
    private final Map<String, OperationSpec> operations = new TreeMap<>();
    private final Map<String, Connector> byOperation = new TreeMap<>();
    private final Map<String, Opened> clients = new ConcurrentHashMap<>();
    private final Map<String, Direct> direct = new ConcurrentHashMap<>();
    private final SystemStore systems;
    private final CredentialSource credentials;
    private final EgressGuard egress;
    private final TokenClient tokens;
    private final Clock clock;
    private final String tenant;
    private final Blobs blobs;

    private record Opened(SystemRecord record, SystemClient client, Pipeline pipeline, Instant readAt) {
    }

    private record Direct(SystemClient client, Pipeline pipeline) {
    }

    private Gateway(List<Connector> connectors, SystemStore systems, CredentialSource credentials,
            EgressGuard egress,
            Clock clock, String tenant, Blobs blobs) {
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
        }
        this.systems = systems;
        this.credentials = credentials;
        this.egress = egress;
        this.tokens = new TokenClient(egress);
        this.clock = clock;
        this.tenant = tenant;
        this.blobs = blobs;
    }

    /**
     * The gateway of one tenant.
     *
     * @param blobs the tenant's blob store, which the connector of every system is given
     */
    public static Gateway of(List<Connector> connectors, SystemStore systems, CredentialSource credentials,
            EgressGuard egress, Clock clock, String tenant, Blobs blobs) {
        return new Gateway(List.copyOf(connectors), systems, credentials, egress, clock, tenant, blobs);
    }

    /** Every connector's declaration, by id. */
    public List<ConnectorSpec> connectors() {
        return connectors.values().stream().map(Connector::spec).toList();
    }

    public Optional<ConnectorSpec> connector(String id) {
        return Optional.ofNullable(connectors.get(id)).map(Connector::spec);
    }

    @Override
    public OperationSpec operation(String name) {
        return operations.get(name);
    }

    @Override
    public Set<String> operationNames() {
        return Collections.unmodifiableSet(new TreeSet<>(operations.keySet()));
    }

    @Override
    public String problem(String system, String operation) {
        Connector connector = byOperation.get(operation);
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
            return "no system '" + system + "'; create it with PUT /api/v1/systems/" + system;
        }
        String id = connector.spec().id();
        if (!record.get().connector().equals(id)) {
            return "operation '" + operation + "' belongs to connector '" + id + "', but system '" + system
                    + "' is a '" + record.get().connector() + "' system";
        }
        return null;
    }

    @Override
    public JsonNode call(String system, Call call) throws ConnectorException {
        Connector connector = byOperation.get(call.operation());
        if (connector == null) {
            throw ConnectorException.permanent("operation.unknown", problem(system, call.operation()), null,
                    null);
        }
        OperationSpec op = operations.get(call.operation());
        if (system == null) {
            Direct d = direct(connector);
            return d.pipeline().call(d.client(), op, call);
        }
        Opened opened = opened(system, connector);
        return opened.pipeline().call(opened.client(), op, call);
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
            return opened(system, connector).client().test();
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
            close(system, old.client());
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
        return new Pipeline(record.id(), Policy.parse(record.policy()), clock).view();
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
                            "no system '" + system + "'; create it with PUT /api/v1/systems/" + system,
                            null, null));
            checked(system, record, connector);
            if (opened != null && opened.record().version() == record.version()) {
                Opened again = new Opened(record, opened.client(), opened.pipeline(), now);
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
            SystemClient client = connector
                    .open(new Context(record, credential(record), egress, blobs, clock, tokens));
            Opened fresh = new Opened(record, client, new Pipeline(system, policy, clock), now);
            clients.put(system, fresh);
            if (opened != null) {
                close(system, opened.client());
            }
            return fresh;
        }
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

    /** A connector's own client, for call steps without a system, with the default policy. */
    private Direct direct(Connector connector) throws ConnectorException {
        String id = connector.spec().id();
        Direct d = direct.get(id);
        if (d != null) {
            return d;
        }
        synchronized (direct) {
            d = direct.get(id);
            if (d == null) {
                Instant now = clock.instant();
                SystemRecord none = new SystemRecord(tenant, id, id, JsonNodeFactory.instance.objectNode(),
                        null,
                        JsonNodeFactory.instance.objectNode(), 0, now, now);
                d = new Direct(connector.open(new Context(none, null, egress, blobs, clock, tokens)),
                        new Pipeline("(" + id + " without a system)", Policy.DEFAULT, clock));
                direct.put(id, d);
            }
            return d;
        }
    }

    private static void close(String name, SystemClient client) {
        try {
            client.close();
        } catch (RuntimeException e) {
            LOG.warn("the client of system {} did not close cleanly", name, e);
        }
    }

    @Override
    public void close() {
        clients.forEach((name, opened) -> close(name, opened.client()));
        clients.clear();
        direct.forEach((name, d) -> close(name, d.client()));
        tokens.close();
        direct.clear();
    }
}
