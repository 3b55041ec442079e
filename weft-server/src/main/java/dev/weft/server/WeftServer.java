package dev.weft.server;

import dev.weft.connector.Credential;
import dev.weft.engine.Caller;
import dev.weft.engine.Engine;
import dev.weft.gateway.CallObserver;
import dev.weft.engine.blob.StoredBlobs;
import dev.weft.gateway.ConnectorRegistry;
import dev.weft.gateway.Gateway;
import dev.weft.gateway.Gateways;
import dev.weft.gateway.GatewayMetrics;
import dev.weft.gateway.RecentCalls;
import dev.weft.server.ops.CallLog;
import dev.weft.server.ops.PlatformEvents;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.engine.EngineListener;
import dev.weft.engine.FlowParser;
import dev.weft.engine.event.FeedConsumer;
import dev.weft.engine.store.ExecutionRecord;
import dev.weft.engine.store.ExecutionStatus;
import dev.weft.engine.store.ExecutionStore;
import dev.weft.engine.store.StepStatus;
import dev.weft.engine.store.Storage;
import dev.weft.engine.store.TenantRecord;
import dev.weft.server.access.ActiveTenants;
import dev.weft.server.access.Auditor;
import dev.weft.server.access.Authenticator;
import dev.weft.server.access.OidcLogin;
import dev.weft.server.access.Passwords;
import dev.weft.server.access.Roles;
import dev.weft.server.access.CredentialUses;
import dev.weft.server.access.Sessions;
import dev.weft.server.access.TenantQuotas;
import dev.weft.server.access.SyslogForwarder;
import dev.weft.server.api.StatsApi;
import dev.weft.server.api.RolesApi;
import dev.weft.server.api.AuthApi;
import dev.weft.server.api.UsersApi;
import dev.weft.server.http.AuthThrottle;
import dev.weft.server.api.AuditApi;
import dev.weft.server.access.RoutePermissions;
import dev.weft.server.api.ApiKeys;
import dev.weft.server.api.ApiKeysApi;
import dev.weft.server.api.TenantsApi;
import dev.weft.server.http.Exchange;
import dev.weft.server.api.BlobsApi;
import dev.weft.server.api.CredentialsApi;
import dev.weft.server.api.OAuthConnectApi;
import dev.weft.server.api.TriggerCursorsApi;
import dev.weft.server.api.CallInputCheck;
import dev.weft.server.api.SyncApi;
import dev.weft.server.api.SystemsApi;
import dev.weft.server.triggers.ConnectorTriggerCheck;
import dev.weft.server.triggers.ConnectorTriggers;
import dev.weft.engine.flow.TriggerCheck;
import dev.weft.server.api.VaultCredentials;
import dev.weft.engine.catalog.FlowCatalog;
import dev.weft.server.api.EventTypesApi;
import dev.weft.server.api.EventsApi;
import dev.weft.server.api.EventStreams;
import dev.weft.server.http.UiFiles;
import dev.weft.server.api.WebhooksApi;
import dev.weft.outbound.OutboundWebhooks;
import dev.weft.sync.SyncService;
import dev.weft.outbound.WebhookSettings;
import dev.weft.server.api.ExecutionsApi;
import dev.weft.server.api.FlowsApi;
import dev.weft.server.config.ServerSettings;
import dev.weft.server.hooks.RecentSecrets;
import dev.weft.server.hooks.SignatureCheck;
import dev.weft.server.hooks.SyncResponses;
import dev.weft.server.hooks.WebhookIngress;
import dev.weft.server.hooks.WebhookRoutes;
import dev.weft.server.http.HttpFront;
import dev.weft.server.http.Route;
import dev.weft.server.http.Router;
import dev.weft.server.ops.Health;
import dev.weft.server.ops.Metrics;
import dev.weft.server.schedule.ScheduleLoop;
import dev.weft.vault.MasterKeySource;
import dev.weft.vault.Vault;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code weft server}: one process serving the REST API, inbound webhooks, health and metrics, and
 * driving executions. Starting continues every unfinished execution in the store; {@link #close} stops
 * accepting requests, lets those in flight finish, and leaves unfinished executions to the next start.
 * Thread-safe.
 */
public final class WeftServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WeftServer.class);
    public static final String TENANT = ExecutionStore.DEFAULT_TENANT;
    /** How often the tail that wakes event streams reads the feed when nothing nudges it. */
    private static final Duration STREAM_TAIL_POLL = Duration.ofMillis(500);

    private final Storage storage;
    private final Engine engine;
    /** Outbound webhooks' fan-out from the event feed and their dispatcher; closed after the engine drains. */
    private final OutboundWebhooks webhooks;
    /** Data sync's runner; closed with the webhooks, before the gateways its calls go through. */
    private final SyncService sync;
    private final Gateways gateways;
    private final HttpFront http;
    private final Metrics metrics;
    private final Router router;
    private final PerTenant<ScheduleLoop> schedules;
    private final PerTenant<ConnectorTriggers> triggers;
    private final Duration shutdownGrace;
    /**
     * What runs beside the engine and is closed after the gateways, before the store, in the order started:
     * the credential use counts (their last minute is written), single sign-on's client, the session
     * sweeper, the syslog forwarder (what it did not send yet, it sends at the next start).
     */
    private final List<AutoCloseable> services;
    /** The web UI's event streams: ended first at a stop, so that the HTTP front need not wait for them. */
    private final EventStreams streams;

    private WeftServer(Storage storage, Engine engine, OutboundWebhooks webhooks, SyncService sync,
            Gateways gateways,
            HttpFront http, Metrics metrics, Router router, PerTenant<ScheduleLoop> schedules,
            PerTenant<ConnectorTriggers> triggers, Duration shutdownGrace, List<AutoCloseable> services,
            EventStreams streams) {
        this.streams = streams;
        this.services = services;
        this.webhooks = webhooks;
        this.sync = sync;
        this.triggers = triggers;
        this.gateways = gateways;
        this.schedules = schedules;
        this.shutdownGrace = shutdownGrace;
        this.storage = storage;
        this.engine = engine;
        this.http = http;
        this.metrics = metrics;
        this.router = router;
    }

    /** Opens the store, the vault and the engine, creates the admin key on first start, and listens. */
    public static WeftServer start(ServerSettings settings, Map<String, String> env, Clock clock)
            throws Exception {
        String location = settings.dbUrl() != null ? settings.dbUrl() : settings.dataDir().toString();
        // The environment's overrides, also of settings made without a file (WEFT_WEBHOOKS_RETRY_SCHEDULE).
        WebhookSettings webhookSettings = settings.withEnvironment(env).webhooks();
        Storage storage = settings.openStorage();
        List<AutoCloseable> services = new ArrayList<>();
        OutboundWebhooks webhooks = null;
        SyncService sync = null;
        try {
            LOG.info("store: {}", storage.describe());
            Vault vault = Vault.open(MasterKeySource.resolve(env, settings.masterKeyPath()),
                    storage.credentials(),
                    clock);
            if (settings.dbUrl() != null) {
                // Several nodes may share this store: refuse a master key of this node's own.
                vault.checkSharedKey(storage.describe());
            }
            storage.tenants()
                    .createTenant(new TenantRecord(TENANT, "Default", TenantRecord.ACTIVE, clock.instant(),
                            clock.instant()));
            Roles roles = new Roles(storage.roles());
            ApiKeys keys = new ApiKeys(storage.apiKeys(), storage.tenants(), roles, clock);
            keys.ensureAdminKey(TENANT, settings.dataDir(), env.get(ApiKeys.ADMIN_KEY_ENV));
            Metrics metrics = new Metrics();
            SyncResponses responses = new SyncResponses();
            EgressPolicy egress = EgressPolicy.of(settings.egressAllow(), EgressPolicy.CONFIGURATION_KEY)
                    .merge(EgressPolicy.parse(env.get(EgressPolicy.ENVIRONMENT_VARIABLE),
                            EgressPolicy.ENVIRONMENT_VARIABLE));
            // Spool files are stamped by the file system's clock, so they are aged by the system clock.
            int stale = StoredBlobs.deleteStaleSpoolFiles(settings.blobs(), java.time.Instant.now(),
                    java.time.Duration.ofDays(1));
            if (stale > 0) {
                LOG.info(
                        "blobs: deleted {} spool files older than a day, left by a process that stopped mid-put",
                        stale);
            }
            LOG.info("egress: calls to private, loopback and link-local addresses are refused; allowed: {}",
                    egress);
            ConnectorRegistry connectors = ConnectorRegistry.discover();
            // Breakers and credentials changed by calls and requests; connected to the engine's feed below.
            PlatformEvents platformEvents = new PlatformEvents();
            services.add(platformEvents);
            VaultCredentials credentials = new VaultCredentials(vault, platformEvents::credentialReplaced);
            EgressGuard guard = EgressGuard.of(egress);
            CallObserver observer = CallObserver.all(new GatewayMetrics(metrics.registry()), new CallLog());
            RecentCalls recentCalls = new RecentCalls(clock); // each system's last calls, for its page in the UI
            CredentialUses uses = new CredentialUses(storage.audit(), storage.systems(), clock).start();
            TenantQuotas quotas = new TenantQuotas(storage.tenants(), storage.executions(),
                    settings.front().tenantMaxActiveExecutions(), storage.blobs(),
                    settings.front().tenantMaxStoredBytes(), settings.front().storedBytesRefresh(),
                    System::nanoTime);
            services.add(uses);
            // One gateway per tenant: its systems, credentials, breakers and blobs are its own.
            Gateways gateways = Gateways.of(TENANT,
                    tenant -> Gateway.of(connectors.connectors(), storage.systems(),
                            credentials, guard, clock, tenant,
                            StoredBlobs.of(storage.blobs(), tenant, settings.blobs(), clock, quotas),
                            CallObserver.all(observer, uses.observer(tenant),
                                    platformEvents.breakers(tenant), recentCalls.observer(tenant))));
            Gateway gateway = gateways.of(TENANT); // the connectors' declarations
            sync = SyncService.start(storage.sync(), gateways, storage.systems(), settings.sync(),
                    metrics.registry(), clock);
            // The event streams' tail of the feed, once the first stream started it: nudged after commits.
            AtomicReference<FeedConsumer> streamTail = new AtomicReference<>();
            SyncOperations calls = new SyncOperations(gateways, sync); // flows may also tell a sync job of changes
            Engine engine = Engine.builder(storage.executions())
                    .clock(clock)
                    .calls(calls)
                    .settings(settings.engine())
                    .parser(FlowParser.reading(SyncOperations.withConnectors(connectors.operationNames()),
                            Map.of("webhook", SignatureCheck.triggerCheck(), TriggerCheck.CONNECTOR_TRIGGERS,
                                    new ConnectorTriggerCheck(gateway.connectors())),
                            new CallInputCheck(calls::operation)))
                    .listener(fanOut(List.of(metrics, responses, EventStreams.waking(streamTail::get))))
                    .eventRetention(settings.eventRetention())
                    .admission(quotas)
                    .build();
            platformEvents.connect(engine.events());
            metrics.inFlight(engine::activeExecutions);
            webhooks = OutboundWebhooks.start(storage.webhooks(), engine.events(), vault, guard,
                    webhookSettings,
                    metrics.registry(), clock);
            WebhookRoutes hookRoutes = new WebhookRoutes(engine.catalog());
            SignatureCheck signatures = new SignatureCheck(new RecentSecrets((tenant, name) -> vault
                    .reveal(tenant, name)
                    .filter(c -> c instanceof Credential.Secret)
                    .map(c -> List.of(((Credential.Secret) c).value().getBytes(StandardCharsets.UTF_8))),
                    System::nanoTime), clock);
            List<Route> routes = new ArrayList<>();
            Auditor auditor = new Auditor(storage.audit(), clock);
            AuthThrottle throttle = new AuthThrottle(Clock.systemUTC());
            Passwords passwords = new Passwords();
            Sessions sessions = new Sessions(storage.users(), storage.tenants(), roles, passwords, clock,
                    settings.auth().sessionTtl(), keys::principalOf).start();
            OidcLogin oidc = settings.auth().oidc() == null
                    ? null
                    : new OidcLogin(settings.auth().oidc(), guard);
            if (oidc != null) {
                services.add(oidc);
            }
            services.add(sessions);
            ActiveTenants active = new ActiveTenants(storage.tenants(), System::nanoTime);
            metrics.unfinished(() -> {
                // Every active tenant's, added up: the gauge is the node's, not a tenant's.
                Map<ExecutionStatus, Long> all = new java.util.EnumMap<>(ExecutionStatus.class);
                for (String tenant : active.ids()) {
                    engine.client().countUnfinished(Caller.system(tenant, "metrics"))
                            .forEach((status, n) -> all.merge(status, n, Long::sum));
                }
                return all;
            });

            // Each active tenant's schedules and connector triggers, started below, after the engine.
            PerTenant<ScheduleLoop> schedules = new PerTenant<>("schedules", active::ids,
                    tenant -> new ScheduleLoop(engine.client(), engine.catalog(), tenant, storage.schedules(),
                            clock)
                            .start(),
                    ActiveTenants.REFRESH);
            PerTenant<ConnectorTriggers> triggers = new PerTenant<>("triggers", active::ids, tenant -> {
                ConnectorTriggers t = new ConnectorTriggers(engine.client(), engine.catalog(), tenant,
                        gateways.of(tenant), storage.triggerCursors(), clock);
                t.start();
                return t;
            }, ActiveTenants.REFRESH);
            // Deploys and deletes made here, and those of other nodes read from the event feed.
            engine.catalog().listen((tenant, namespace, id, now) -> {
                schedules.of(tenant)
                        .ifPresent(s -> s.flowChanged(namespace, id, now.map(FlowCatalog.Entry::flow)));
                triggers.of(tenant)
                        .ifPresent(t -> t.flowChanged(namespace, id, now.map(FlowCatalog.Entry::flow)));
            });
            routes.addAll(new FlowsApi(engine.client(), hookRoutes).routes());
            routes.addAll(new TriggerCursorsApi(engine.client(), engine.catalog(), storage.triggerCursors())
                    .routes());
            routes.addAll(new ExecutionsApi(engine.client(), clock).routes());
            routes.addAll(new EventsApi(engine.client(), webhooks, clock).routes());
            // Streams wake when the feed has new events of their tenant: one tail of the feed on this node,
            // started with the first stream.
            AtomicReference<EventStreams> streamsRef = new AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean tailing = new java.util.concurrent.atomic.AtomicBoolean();
            EventStreams streams = new EventStreams(engine.client(), storage.executions().events()::head,
                    settings.front().ui().maxStreamsPerTenant(), settings.front().ui().streamHeartbeat(),
                    clock,
                    () -> {
                        if (tailing.compareAndSet(false, true)) {
                            streamTail.set(engine.events().tail("weft.event-streams", java.util.Set.of(),
                                    STREAM_TAIL_POLL, batch -> streamsRef.get().committed(batch)));
                        }
                    });
            streamsRef.set(streams);
            routes.addAll(streams.routes());
            routes.addAll(new EventTypesApi(webhooks).routes());
            routes.addAll(new WebhooksApi(webhooks, clock).routes());
            routes.addAll(new CredentialsApi(vault, platformEvents).routes());
            OAuthConnectApi connect = new OAuthConnectApi(vault, auditor, guard, clock, platformEvents);
            services.add(connect);
            routes.addAll(connect.routes());
            routes.addAll(new AuditApi(storage.audit(), clock).routes());
            routes.addAll(
                    new AuthApi(sessions, keys, storage.users(), storage.tenants(), roles, oidc, auditor,
                            throttle, clock)
                            .routes());
            routes.addAll(new UsersApi(storage.users(), storage.tenants(), roles, passwords, clock).routes());
            routes.addAll(new RolesApi(storage.roles(), storage.apiKeys(), storage.users(), clock).routes());
            routes.addAll(new TenantsApi(storage.tenants(), clock, active::changed).routes());
            routes.addAll(new ApiKeysApi(keys, storage.apiKeys(), storage.tenants(), roles).routes());
            routes.addAll(
                    new SystemsApi(gateways, TENANT, storage.systems(), vault, clock, recentCalls).routes());
            routes.addAll(new SyncApi(sync).routes());
            routes.addAll(new StatsApi(engine.client(), storage.systems(), gateways, storage.webhooks(), sync,
                    clock).routes());
            routes.addAll(new BlobsApi(storage.blobs(), settings.blobs(), clock, quotas).routes());
            routes.addAll(new WebhookIngress(engine.client(), active,
                    hookRoutes, signatures, responses,
                    settings.syncWebhookTimeout(), metrics::webhook).routes());
            routes.addAll(new Health(List.of(new Health.Component("store", () -> {
                storage.ping();
                return true;
            }), new Health.Component("engine", () -> true),
                    new Health.Component("scheduler",
                            () -> schedules.all().stream().allMatch(ScheduleLoop::healthy)),
                    Health.Component.info("triggers",
                            () -> triggers.all().stream().allMatch(ConnectorTriggers::healthy))))
                    .routes());
            routes.addAll(metrics.routes());
            routes.add(OpenApi.route());
            Router router = new Router(RoutePermissions.declare(routes,
                    Exchange.JSON.readTree(OpenApi.document())));
            HttpFront http = new HttpFront(settings.host(), settings.port(), settings.maxBodyBytes(), router,
                    new Authenticator(keys, sessions), throttle, auditor, settings.shutdownGrace(),
                    settings.front(),
                    settings.front().ui().enabled()
                            ? new UiFiles(WeftServer.class.getClassLoader(),
                                    settings.front().ui().classpathRoot())
                            : null);
            engine.start(); // continues every unfinished execution, as `weft resume` does
            engine.events().startRetention();
            schedules.start();
            triggers.start();
            if (settings.auditSyslog() != null) {
                services.add(
                        new SyslogForwarder(settings.auditSyslog(), storage.audit(), storage.triggerCursors(),
                                guard, clock).start());
                LOG.info("audit: forwarding every entry to syslog {}:{} over {}",
                        settings.auditSyslog().host(),
                        settings.auditSyslog().port(), settings.auditSyslog().protocol());
            }
            http.start();
            LOG.info("weft server listening on {}:{}", settings.host(), http.port());
            return new WeftServer(storage, engine, webhooks, sync, gateways, http, metrics, router, schedules,
                    triggers,
                    settings.shutdownGrace(), services, streams);
        } catch (Exception | Error e) {
            if (webhooks != null) {
                webhooks.close();
            }
            if (sync != null) {
                sync.close();
            }
            closeAll(services);
            storage.close();
            throw e;
        }
    }

    private static void closeAll(List<AutoCloseable> services) {
        for (AutoCloseable service : services) {
            try {
                service.close();
            } catch (Exception e) {
                LOG.warn("{} did not stop cleanly", service.getClass().getSimpleName(), e);
            }
        }
    }

    private static EngineListener fanOut(List<EngineListener> listeners) {
        return new EngineListener() {
            @Override
            public void executionStarted(ExecutionRecord execution) {
                listeners.forEach(l -> l.executionStarted(execution));
            }

            @Override
            public void stepStarted(String executionId, String path, String type, int attempt) {
                listeners.forEach(l -> l.stepStarted(executionId, path, type, attempt));
            }

            @Override
            public void stepFinished(String executionId, String path, StepStatus status,
                    com.fasterxml.jackson.databind.JsonNode outputOrError) {
                listeners.forEach(l -> l.stepFinished(executionId, path, status, outputOrError));
            }

            @Override
            public void responded(String executionId, com.fasterxml.jackson.databind.JsonNode response) {
                listeners.forEach(l -> l.responded(executionId, response));
            }

            @Override
            public void executionFinished(ExecutionRecord execution) {
                listeners.forEach(l -> l.executionFinished(execution));
            }

            @Override
            public void executionParked(ExecutionRecord execution, boolean awaitingSignal) {
                listeners.forEach(l -> l.executionParked(execution, awaitingSignal));
            }
        };
    }

    public int port() {
        return http.port();
    }

    public Storage storage() {
        return storage;
    }

    public Engine engine() {
        return engine;
    }

    /** The default tenant's schedule loop; tests driving an injected clock tick it. */
    public ScheduleLoop schedules() {
        return schedules(TENANT);
    }

    /** An active tenant's schedule loop. */
    public ScheduleLoop schedules(String tenant) {
        return schedules.of(tenant)
                .orElseThrow(() -> new IllegalArgumentException("no active tenant " + tenant));
    }

    public Router router() {
        return router;
    }

    public Optional<Metrics> metrics() {
        return Optional.of(metrics);
    }

    /**
     * Stops accepting requests and lets those in flight finish; stops the schedules; lets the engine finish
     * the calls in flight and hand their executions back (for at most the shutdown grace, each); then stops
     * outbound webhooks, the engine and the store. Executions not ended continue at the next start.
     */
    @Override
    public void close() {
        // First: a call that ends while the entry points stop must not start the next step.
        engine.beginDrain();
        streams.close(); // each stream ends its answer; the front's stop would otherwise wait its grace on them
        http.stop();
        schedules.close();
        triggers.close(); // no more events taken in; those in hand are committed or redelivered
        try {
            int driving = engine.activeExecutions();
            if (!engine.drain(shutdownGrace)) {
                LOG.warn("{} executions still had calls in flight after {}; they continue from their last"
                        + " commit at the next start", engine.activeExecutions(), shutdownGrace);
            } else if (driving > 0) {
                LOG.info("{} executions handed back after their calls in flight; they continue at the next"
                        + " start", driving);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        webhooks.close(); // no more deliveries sent; those leased are given back or picked up after the lease
        sync.close(); // runs in flight stop; each goes on from its last committed page after its lease
        engine.close();
        gateways.close();
        closeAll(services);
        metrics.close();
        storage.close();
        LOG.info("weft server stopped");
    }
}
