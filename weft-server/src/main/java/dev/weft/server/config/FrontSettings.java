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
 * @param tenantMaxStoredBytes the bytes a tenant's blobs may take, unless the tenant has its own quota; 0 for
 *     no limit
 */
public record FrontSettings(Path tlsCertificate, Path tlsPrivateKey, List<String> corsOrigins,
        double keyRequestsPerSecond, double tenantRequestsPerSecond, int tenantMaxActiveExecutions,
        long tenantMaxStoredBytes) {
    public static final double DEFAULT_KEY_RATE = 1_000;
    public static final double DEFAULT_TENANT_RATE = 5_000;

    public FrontSettings {
        corsOrigins = List.copyOf(corsOrigins);
    }

    public static FrontSettings defaults() {
        return new FrontSettings(null, null, List.of(), DEFAULT_KEY_RATE, DEFAULT_TENANT_RATE, 0, 0);
    }

    public boolean tls() {
        return tlsCertificate != null;
    }
}
