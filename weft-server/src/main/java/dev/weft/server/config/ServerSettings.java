package dev.weft.server.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.engine.EngineSettings;
import dev.weft.engine.blob.BlobSettings;
import dev.weft.engine.event.EventFeed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.outbound.WebhookSettings;
import dev.weft.sync.SyncSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything {@code weft server} can be told, with its defaults (the named constants), read from one YAML
 * file in which {@code ${NAME}} and {@code ${NAME:-default}} are replaced from the environment. Every
 * option is documented in docs/configuration.md. Immutable.
 *
 * @param host the address to listen on
 * @param port the HTTP port; 0 picks a free one
 * @param maxBodyBytes the largest request body accepted (webhooks and API); larger ones get 413
 * @param shutdownGrace how long a stop waits for requests and steps in flight
 * @param dataDir where the embedded store, the master key file and the admin key file live
 * @param dbUrl a PostgreSQL JDBC URL; when set, the store is PostgreSQL instead of SQLite in dataDir
 * @param dbUser the PostgreSQL user, or null to take it from the URL
 * @param dbPassword the PostgreSQL password, or null
 * @param dbOwner the PostgreSQL role that owns and migrates the tables, when the server works as another
 *     ({@code dbUser}, under row-level security); null when {@code dbUser} owns them
 * @param dbOwnerPassword the owner's password, or null
 * @param dbPoolSize PostgreSQL connections
 * @param masterKeyFile the vault's master key file; null means {@code <dataDir>/master.key}
 * @param syncWebhookTimeout how long a sync webhook waits for its respond step when its trigger names no
 *     timeout
 * @param logFormat {@code text} or {@code json} (one object per line, with the execution id)
 * @param engine the engine's tuning
 * @param egressAllow private addresses and host names that calls may reach
 * @param blobsMaxSize the largest blob stored (a download, an upload), in bytes
 * @param eventRetention how long the event feed keeps events
 * @param auth how people sign in: sessions and single sign-on
 * @param front TLS, CORS and request rate limits of the HTTP front
 * @param auditSyslog where the audit log is forwarded; null for nowhere
 * @param webhooks how outbound webhooks are delivered (the {@code webhooks} section)
 * @param sync how this node runs data sync jobs (the {@code sync} section)
 */
public record ServerSettings(
        String host,
        int port,
        long maxBodyBytes,
        Duration shutdownGrace,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String dbOwner,
        String dbOwnerPassword,
        int dbPoolSize,
        Path masterKeyFile,
        Duration syncWebhookTimeout,
        String logFormat,
        EngineSettings engine,
        List<String> egressAllow,
        long blobsMaxSize,
        Duration eventRetention,
        AuthSettings auth,
        FrontSettings front,
        SyslogSettings auditSyslog,
        WebhookSettings webhooks,
        SyncSettings sync) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final long DEFAULT_MAX_BODY_BYTES = 10L * 1024 * 1024;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    public static final Path DEFAULT_DATA_DIR = Path.of("weft-data");
    public static final int DEFAULT_DB_POOL_SIZE = 10;
    public static final Duration DEFAULT_SYNC_WEBHOOK_TIMEOUT = Duration.ofSeconds(30);
    public static final String DEFAULT_LOG_FORMAT = "text";

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    public ServerSettings {
        egressAllow = List.copyOf(egressAllow);
        java.util.Objects.requireNonNull(webhooks, "webhooks");
        java.util.Objects.requireNonNull(sync, "sync");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("server.port must be from 0 to 65535, but was " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException(
                    "server.maxBodyBytes must be at least 1024, but was " + maxBodyBytes);
        }
        if (blobsMaxSize < 1) {
            throw new IllegalArgumentException(
                    "blobs.maxSize must be at least 1 byte, but was " + blobsMaxSize);
        }
        if (eventRetention == null || eventRetention.isNegative() || eventRetention.isZero()) {
            throw new IllegalArgumentException(
                    "events.retention must be a positive duration, but was " + eventRetention);
        }
    }

    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_GRACE,
                DEFAULT_DATA_DIR, null, null, null, null, null, DEFAULT_DB_POOL_SIZE, null,
                DEFAULT_SYNC_WEBHOOK_TIMEOUT,
                DEFAULT_LOG_FORMAT, EngineSettings.defaults(), List.of(), BlobSettings.DEFAULT_MAX_SIZE,
                EventFeed.DEFAULT_RETENTION, AuthSettings.defaults(), FrontSettings.defaults(), null,
                WebhookSettings.defaults(), SyncSettings.defaults());
    }

    /** Blobs up to {@link #blobsMaxSize}, spooled in {@code <dataDir>/blob-spool} while they are hashed. */
    public BlobSettings blobs() {
        return new BlobSettings(blobsMaxSize, dataDir.resolve("blob-spool"));
    }

    /** The same with another blob size limit. */
    public ServerSettings withBlobsMaxSize(long bytes) {
        return new ServerSettings(host, port, maxBodyBytes, shutdownGrace, dataDir, dbUrl, dbUser, dbPassword,
                dbOwner, dbOwnerPassword,
                dbPoolSize, masterKeyFile, syncWebhookTimeout, logFormat, engine, egressAllow, bytes,
                eventRetention, auth, front, auditSyslog, webhooks, sync);
    }

    /** The master key file: as configured, or beside the data. */
    public Path masterKeyPath() {
        return masterKeyFile != null ? masterKeyFile : dataDir.resolve("master.key");
    }

    /** Reads a configuration file; {@code env} supplies the {@code ${NAME}} values. */
    public static ServerSettings read(Path file, Map<String, String> env)
            throws ConfigException, IOException {
        return parse(file.toString(), Files.readString(file), env);
    }

    /** Parses configuration text; every problem is reported at once, naming its option. */
    public static ServerSettings parse(String source, String yaml, Map<String, String> env)
            throws ConfigException {
        List<String> problems = new ArrayList<>();
        String substituted = substitute(yaml, env, problems);
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(substituted);
        } catch (IOException e) {
            throw new ConfigException(source, List.of("not valid YAML: " + e.getMessage().lines().findFirst()
                    .orElse("")));
        }
        ConfigNode top = new ConfigNode(root, "", problems);
        top.allowOnly(Set.of("server", "store", "vault", "webhooks", "log", "engine", "egress", "blobs",
                "events", "auth", "limits", "audit", "sync", "ui"));
        ConfigNode server = top.section("server",
                Set.of("host", "port", "maxBodyBytes", "shutdownGrace", "tls",
                        "cors"));
        ConfigNode store = top.section("store",
                Set.of("data", "url", "user", "password", "owner", "ownerPassword",
                        "poolSize"));
        ConfigNode vault = top.section("vault", Set.of("masterKeyFile"));
        Set<String> hookOptions = new java.util.HashSet<>(WebhookConfig.OPTIONS);
        hookOptions.add("syncTimeout");
        ConfigNode hooks = top.section("webhooks", hookOptions);
        ConfigNode log = top.section("log", Set.of("format"));
        ConfigNode egress = top.section("egress", Set.of("allow"));
        ConfigNode blobs = top.section("blobs", Set.of("maxSize"));
        ConfigNode events = top.section("events", Set.of("retention"));
        Duration eventRetention = events.duration("retention", EventFeed.DEFAULT_RETENTION);
        long blobsMaxSize = blobs.bytes("maxSize", BlobSettings.DEFAULT_MAX_SIZE);
        if (blobsMaxSize < 1) {
            problems.add("blobs.maxSize: must be at least 1 byte, such as 256MiB, but was " + blobsMaxSize);
            blobsMaxSize = BlobSettings.DEFAULT_MAX_SIZE;
        }
        List<String> egressAllow = egress.strings("allow");
        try {
            EgressPolicy.of(egressAllow, EgressPolicy.CONFIGURATION_KEY);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        ConfigNode engine = top.section("engine", Set.of("lease", "pollInterval", "maxConcurrentExecutions",
                "largeOutputBytes", "defaultStepTimeout", "subflowPoll", "maxForeachItems"));
        EngineSettings d = EngineSettings.defaults();
        String url = store.string("url", null);
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            problems.add(
                    "store.url: must be a PostgreSQL JDBC URL (jdbc:postgresql://host:5432/db); leave it out"
                            + " to use the embedded store in store.data, but was '" + url + "'");
        }
        String keyFile = vault.string("masterKeyFile", null);
        ServerSettings settings = new ServerSettings(
                server.string("host", DEFAULT_HOST),
                server.integer("port", DEFAULT_PORT, 0, 65535),
                Math.max(1024, server.bytes("maxBodyBytes", DEFAULT_MAX_BODY_BYTES)),
                server.duration("shutdownGrace", DEFAULT_SHUTDOWN_GRACE),
                Path.of(store.string("data", DEFAULT_DATA_DIR.toString())),
                url,
                store.string("user", null),
                store.string("password", null),
                store.string("owner", null),
                store.string("ownerPassword", null),
                store.integer("poolSize", DEFAULT_DB_POOL_SIZE, 1, 1000),
                keyFile == null ? null : Path.of(keyFile),
                hooks.duration("syncTimeout", DEFAULT_SYNC_WEBHOOK_TIMEOUT),
                log.choice("format", List.of("text", "json"), DEFAULT_LOG_FORMAT),
                new EngineSettings(
                        engine.duration("lease", d.lease()),
                        engine.duration("pollInterval", d.pollInterval()),
                        engine.integer("maxConcurrentExecutions", d.maxConcurrentExecutions(), 1, 1_000_000),
                        (int) Math.min(Integer.MAX_VALUE,
                                engine.bytes("largeOutputBytes", d.largeOutputBytes())),
                        engine.duration("defaultStepTimeout", d.defaultStepTimeout()),
                        engine.duration("subflowPoll", d.subflowPoll()),
                        engine.integer("maxForeachItems", d.maxForeachItems(), 1, 1_000_000)),
                egressAllow,
                blobsMaxSize,
                eventRetention,
                auth(top, problems),
                front(top, server, problems),
                syslog(top, problems),
                WebhookConfig.read(hooks, env, problems),
                sync(top, problems));
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return settings;
    }

    /** The {@code sync} section: how this node runs data sync jobs. */
    private static SyncSettings sync(ConfigNode top, List<String> problems) {
        ConfigNode sync = top.section("sync",
                Set.of("pollInterval", "lease", "maxConcurrentRuns", "retention"));
        try {
            return new SyncSettings(sync.duration("pollInterval", SyncSettings.DEFAULT_POLL_INTERVAL),
                    sync.duration("lease", SyncSettings.DEFAULT_LEASE),
                    sync.integer("maxConcurrentRuns", SyncSettings.DEFAULT_MAX_CONCURRENT_RUNS, 1, 1000),
                    sync.duration("retention", SyncSettings.DEFAULT_RETENTION));
        } catch (IllegalArgumentException e) {
            problems.add("sync." + e.getMessage());
            return SyncSettings.defaults();
        }
    }

    /** The same with other data sync settings. */
    public ServerSettings withSync(SyncSettings other) {
        return new ServerSettings(host, port, maxBodyBytes, shutdownGrace, dataDir, dbUrl, dbUser, dbPassword,
                dbOwner, dbOwnerPassword, dbPoolSize, masterKeyFile, syncWebhookTimeout, logFormat, engine,
                egressAllow, blobsMaxSize, eventRetention, auth, front, auditSyslog, webhooks, other);
    }

    /** The {@code audit.syslog} section: where the audit log is forwarded, or null. */
    private static SyslogSettings syslog(ConfigNode top, List<String> problems) {
        ConfigNode audit = top.section("audit", Set.of("syslog"));
        ConfigNode syslog = audit.section("syslog", Set.of("host", "port", "protocol", "appName"));
        String host = syslog.string("host", null);
        if (host == null) {
            return null;
        }
        return new SyslogSettings(host, syslog.integer("port", 514, 1, 65535),
                syslog.choice("protocol", List.of(SyslogSettings.TCP, SyslogSettings.UDP),
                        SyslogSettings.TCP),
                syslog.string("appName", "weft"));
    }

    /** The same forwarding the audit log to {@code syslog} (null: nowhere). */
    public ServerSettings withAuditSyslog(SyslogSettings syslog) {
        return new ServerSettings(host, port, maxBodyBytes, shutdownGrace, dataDir, dbUrl, dbUser, dbPassword,
                dbOwner, dbOwnerPassword, dbPoolSize, masterKeyFile, syncWebhookTimeout, logFormat, engine,
                egressAllow, blobsMaxSize, eventRetention, auth, front, syslog, webhooks, sync);
    }

    /** The same with other outbound webhook settings. */
    public ServerSettings withWebhooks(WebhookSettings other) {
        return new ServerSettings(host, port, maxBodyBytes, shutdownGrace, dataDir, dbUrl, dbUser, dbPassword,
                dbOwner, dbOwnerPassword, dbPoolSize, masterKeyFile, syncWebhookTimeout, logFormat, engine,
                egressAllow, blobsMaxSize, eventRetention, auth, front, auditSyslog, other, sync);
    }

    /**
     * The same with what the environment overrides: {@code WEFT_WEBHOOKS_RETRY_SCHEDULE} over
     * {@code webhooks.retrySchedule}. {@link #parse} applies it already; the server applies it again at
     * start, to the same effect, so that settings made without a file ({@link #defaults}) follow it too.
     */
    public ServerSettings withEnvironment(Map<String, String> env) throws ConfigException {
        List<String> problems = new ArrayList<>();
        WebhookSettings hooks = WebhookConfig.withEnvironment(webhooks, env, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException("the environment", problems);
        }
        return withWebhooks(hooks);
    }

    /** TLS and CORS from the {@code server} section, request rates from {@code limits}, the web UI from {@code ui}. */
    private static FrontSettings front(ConfigNode top, ConfigNode server, List<String> problems) {
        ConfigNode tls = server.section("tls", Set.of("certificate", "privateKey"));
        String certificate = tls.string("certificate", null);
        String key = tls.string("privateKey", null);
        if ((certificate == null) != (key == null)) {
            problems.add(
                    "server.tls: give both certificate and privateKey (PEM files), or neither for plain HTTP");
        }
        ConfigNode cors = server.section("cors", Set.of("allowedOrigins"));
        List<String> origins = cors.strings("allowedOrigins");
        for (String origin : origins) {
            if (!origin.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
                problems.add("server.cors.allowedOrigins: '" + origin + "' is not an origin such as"
                        + " https://app.example.com (scheme, host and optional port; no path, no wildcard)");
            }
        }
        ConfigNode ui = top.section("ui", Set.of("enabled", "maxStreamsPerTenant", "streamHeartbeat"));
        ConfigNode limits = top.section("limits", Set.of("keyRequestsPerSecond", "tenantRequestsPerSecond",
                "tenantMaxActiveExecutions", "tenantMaxStoredBytes", "storedBytesRefresh"));
        double keyRate = limits.integer("keyRequestsPerSecond", (int) FrontSettings.DEFAULT_KEY_RATE, 0,
                10_000_000);
        double tenantRate = limits.integer("tenantRequestsPerSecond", (int) FrontSettings.DEFAULT_TENANT_RATE,
                0,
                10_000_000);
        return new FrontSettings(certificate == null || key == null ? null : Path.of(certificate),
                certificate == null || key == null ? null : Path.of(key), origins, keyRate, tenantRate,
                limits.integer("tenantMaxActiveExecutions", 0, 0, 10_000_000),
                Math.max(0, limits.bytes("tenantMaxStoredBytes", 0)),
                limits.duration("storedBytesRefresh", FrontSettings.DEFAULT_STORED_BYTES_REFRESH),
                ui(ui, problems));
    }

    private static UiSettings ui(ConfigNode ui, List<String> problems) {
        boolean enabled = ui.bool("enabled", true);
        int maxStreams = ui.integer("maxStreamsPerTenant", UiSettings.DEFAULT_MAX_STREAMS_PER_TENANT, 1,
                100_000);
        try {
            return new UiSettings(enabled, maxStreams,
                    ui.duration("streamHeartbeat", UiSettings.DEFAULT_STREAM_HEARTBEAT),
                    UiSettings.CLASSPATH_ROOT);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return new UiSettings(enabled, maxStreams, UiSettings.DEFAULT_STREAM_HEARTBEAT,
                    UiSettings.CLASSPATH_ROOT);
        }
    }

    /** The {@code auth} section: sessions, and single sign-on when {@code auth.oidc.issuer} is set. */
    private static AuthSettings auth(ConfigNode top, List<String> problems) {
        ConfigNode auth = top.section("auth", Set.of("sessionTtl", "oidc"));
        Duration ttl = auth.duration("sessionTtl", AuthSettings.DEFAULT_SESSION_TTL);
        ConfigNode oidc = auth.section("oidc",
                Set.of("issuer", "clientId", "clientSecret", "redirectUri", "scopes",
                        "tenantClaim", "roleClaim", "loginClaim", "defaultTenant", "defaultRole"));
        String issuer = oidc.string("issuer", null);
        if (issuer == null) {
            return new AuthSettings(ttl, null);
        }
        String clientId = oidc.string("clientId", null);
        String redirectUri = oidc.string("redirectUri", null);
        if (clientId == null) {
            problems.add("auth.oidc.clientId: the client registered at " + issuer + " for Weft is needed");
        }
        if (redirectUri == null || !redirectUri.endsWith("/auth/oidc/callback")) {
            problems.add("auth.oidc.redirectUri: Weft's callback as registered at the provider, ending in"
                    + " /auth/oidc/callback (https://weft.example.com/auth/oidc/callback), but was "
                    + redirectUri);
        }
        List<String> scopes = new ArrayList<>(oidc.strings("scopes"));
        if (scopes.isEmpty()) {
            scopes.addAll(List.of("openid", "email", "profile"));
        } else if (!scopes.contains("openid")) {
            scopes.addFirst("openid");
        }
        return new AuthSettings(ttl,
                new AuthSettings.Oidc(issuer, clientId, oidc.string("clientSecret", null),
                        redirectUri, scopes, oidc.string("tenantClaim", "weft_tenant"),
                        oidc.string("roleClaim", "weft_role"),
                        oidc.string("loginClaim", "email"), oidc.string("defaultTenant", null),
                        oidc.string("defaultRole", null)));
    }

    static String substitute(String text, Map<String, String> env, List<String> problems) {
        Matcher m = ENV.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                problems.add("${" + m.group(1) + "}: the environment variable is not set; set it or write"
                        + " ${" + m.group(1) + ":-default}");
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public ServerSettings withPort(int newPort) {
        return new ServerSettings(host, newPort, maxBodyBytes, shutdownGrace, dataDir, dbUrl, dbUser,
                dbPassword, dbOwner, dbOwnerPassword, dbPoolSize, masterKeyFile, syncWebhookTimeout,
                logFormat, engine, egressAllow,
                blobsMaxSize, eventRetention, auth, front, auditSyslog, webhooks, sync);
    }

    /** The same with other TLS, CORS and rate limit settings. */
    public ServerSettings withFront(FrontSettings other) {
        return new ServerSettings(host, port, maxBodyBytes, shutdownGrace, dataDir, dbUrl, dbUser, dbPassword,
                dbOwner, dbOwnerPassword, dbPoolSize, masterKeyFile, syncWebhookTimeout, logFormat, engine,
                egressAllow, blobsMaxSize, eventRetention, auth, other, auditSyslog, webhooks, sync);
    }

    /** The same with other sign-in settings (sessions, single sign-on). */
    public ServerSettings withAuth(AuthSettings other) {
        return new ServerSettings(host, port, maxBodyBytes, shutdownGrace, dataDir, dbUrl, dbUser, dbPassword,
                dbOwner, dbOwnerPassword, dbPoolSize, masterKeyFile, syncWebhookTimeout, logFormat, engine,
                egressAllow, blobsMaxSize, eventRetention, other, front, auditSyslog, webhooks, sync);
    }

    public ServerSettings withDataDir(Path dir) {
        return new ServerSettings(host, port, maxBodyBytes, shutdownGrace, dir, dbUrl, dbUser, dbPassword,
                dbOwner, dbOwnerPassword,
                dbPoolSize, masterKeyFile, syncWebhookTimeout, logFormat, engine, egressAllow,
                blobsMaxSize, eventRetention, auth, front, auditSyslog, webhooks, sync);
    }

    public ServerSettings withDbUrl(String url) {
        return new ServerSettings(host, port, maxBodyBytes, shutdownGrace, dataDir, url, dbUser, dbPassword,
                dbOwner, dbOwnerPassword,
                dbPoolSize, masterKeyFile, syncWebhookTimeout, logFormat, engine, egressAllow,
                blobsMaxSize, eventRetention, auth, front, auditSyslog, webhooks, sync);
    }

    /**
     * The same with these egress allowlist entries: CIDR ranges and host names that calls may reach although
     * they are private (see docs/security/egress.md).
     */
    public ServerSettings withEgressAllow(List<String> entries) {
        return new ServerSettings(host, port, maxBodyBytes, shutdownGrace, dataDir, dbUrl, dbUser, dbPassword,
                dbOwner, dbOwnerPassword,
                dbPoolSize, masterKeyFile, syncWebhookTimeout, logFormat, engine, entries,
                blobsMaxSize, eventRetention, auth, front, auditSyslog, webhooks, sync);
    }

    /**
     * Opens the store these settings name: PostgreSQL at {@code dbUrl} (as {@code dbUser}, migrated by
     * {@code dbOwner} when set, with {@code dbPoolSize} connections), else SQLite in {@code dataDir}.
     */
    public dev.weft.engine.store.Storage openStorage() {
        if (dbUrl == null) {
            return dev.weft.store.jdbc.Storages.open(dataDir.toString());
        }
        if (!dbUrl.startsWith("jdbc:postgresql:")) {
            return dev.weft.store.jdbc.Storages.open(dbUrl); // refused, with the reason
        }
        dev.weft.store.jdbc.PostgresSettings postgres = dev.weft.store.jdbc.PostgresSettings.of(dbUrl)
                .withPoolSize(dbPoolSize);
        if (dbUser != null || dbPassword != null) {
            postgres = postgres.withCredentials(dbUser, dbPassword);
        }
        if (dbOwner != null) {
            postgres = postgres.withOwner(dbOwner, dbOwnerPassword);
        }
        return dev.weft.store.jdbc.PostgresStorage.open(postgres);
    }

    /** A description safe for logs: the password is never in it. */
    @Override
    public String toString() {
        return "ServerSettings[host=" + host + ", port=" + port + ", store=" + (dbUrl != null
                ? "postgresql"
                : "sqlite:" + dataDir) + ", logFormat=" + logFormat + "]";
    }
}
