package dev.weft.server.config;

import java.nio.file.Path;
import java.util.List;

/**
 * How the HTTP front meets clients: TLS, CORS, and request rates. Immutable.
 *
 * @param tlsCertificate a PEM file with the server's certificate (and its chain); null to serve plain HTTP
 * @param tlsPrivateKey a PEM file with its private key (PKCS#8, {@code BEGIN PRIVATE KEY}); null without TLS
 * @param corsOrigins the origins (scheme://host[:port]) whose pages may call the API from a browser; none by
 *     default
 * @param keyRequestsPerSecond requests a second one API key or user may make on this node (bursts of twice
 *     that); 0 for no limit
 * @param tenantRequestsPerSecond requests a second one tenant's keys and users may make on this node
 *     together; 0 for no limit
 * @param tenantMaxActiveExecutions the executions a tenant may have queued and running at once, unless the
 *     tenant has its own quota; 0 for no limit
 * @param tenantMaxStoredBytes the bytes a tenant's data (blobs, executions' data, events, flows) may take,
 *     unless the tenant has its own quota; 0 for no limit
 * @param storedBytesRefresh how old the count of a tenant's execution data may be before it is counted again
 *     (in the background), for a tenant with a quota of stored bytes
 * @param ui the web UI served at {@code /} and its event streams
 */
public record FrontSettings(Path tlsCertificate, Path tlsPrivateKey, List<String> corsOrigins,
        double keyRequestsPerSecond, double tenantRequestsPerSecond, int tenantMaxActiveExecutions,
        long tenantMaxStoredBytes, java.time.Duration storedBytesRefresh, UiSettings ui) {
    public static final double DEFAULT_KEY_RATE = 1_000;
    public static final double DEFAULT_TENANT_RATE = 5_000;
    public static final java.time.Duration DEFAULT_STORED_BYTES_REFRESH = java.time.Duration.ofSeconds(30);

    public FrontSettings {
        corsOrigins = List.copyOf(corsOrigins);
        storedBytesRefresh = storedBytesRefresh == null ? DEFAULT_STORED_BYTES_REFRESH : storedBytesRefresh;
        ui = ui == null ? UiSettings.defaults() : ui;
    }

    /** Settings with the default UI. */
    public FrontSettings(Path tlsCertificate, Path tlsPrivateKey, List<String> corsOrigins,
            double keyRequestsPerSecond, double tenantRequestsPerSecond, int tenantMaxActiveExecutions,
            long tenantMaxStoredBytes, java.time.Duration storedBytesRefresh) {
        this(tlsCertificate, tlsPrivateKey, corsOrigins, keyRequestsPerSecond, tenantRequestsPerSecond,
                tenantMaxActiveExecutions, tenantMaxStoredBytes, storedBytesRefresh, UiSettings.defaults());
    }

    /** Settings with the default refresh of the stored bytes' count. */
    public FrontSettings(Path tlsCertificate, Path tlsPrivateKey, List<String> corsOrigins,
            double keyRequestsPerSecond, double tenantRequestsPerSecond, int tenantMaxActiveExecutions,
            long tenantMaxStoredBytes) {
        this(tlsCertificate, tlsPrivateKey, corsOrigins, keyRequestsPerSecond, tenantRequestsPerSecond,
                tenantMaxActiveExecutions, tenantMaxStoredBytes, DEFAULT_STORED_BYTES_REFRESH);
    }

    public static FrontSettings defaults() {
        return new FrontSettings(null, null, List.of(), DEFAULT_KEY_RATE, DEFAULT_TENANT_RATE, 0, 0);
    }

    public FrontSettings withStoredBytes(long tenantMaxStoredBytes, java.time.Duration storedBytesRefresh) {
        return new FrontSettings(tlsCertificate, tlsPrivateKey, corsOrigins, keyRequestsPerSecond,
                tenantRequestsPerSecond, tenantMaxActiveExecutions, tenantMaxStoredBytes, storedBytesRefresh,
                ui);
    }

    /** The same with other UI settings. */
    public FrontSettings withUi(UiSettings other) {
        return new FrontSettings(tlsCertificate, tlsPrivateKey, corsOrigins, keyRequestsPerSecond,
                tenantRequestsPerSecond, tenantMaxActiveExecutions, tenantMaxStoredBytes, storedBytesRefresh,
                other);
    }

    public boolean tls() {
        return tlsCertificate != null;
    }
}
