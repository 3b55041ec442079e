package dev.weft.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * What the platform gives a connector for one configured system, and nothing more. Implemented by the
 * platform; thread-safe.
 */
public interface SystemContext {

    /** The system's id, for example {@code crm}; for messages and metrics, never for secrets. */
    String systemId();

    /** The system's configuration, valid against the connector's config schema. */
    JsonNode config();

    /**
     * The system's credential, decrypted; empty when it names none. Connectors that speak HTTP use
     * {@link #auth()} instead, which also handles token refresh.
     */
    Optional<Credential> credential();

    /** Signs or authorizes an HTTP request with the system's credential; does nothing without one. */
    OutboundAuth auth();

    /**
     * The platform's egress rules (the SSRF guard). A connector that connects to a host of its own (a
     * database, a broker) checks it with {@link Egress#checkHost} before connecting; HTTP goes through
     * {@link #http()}, which checks every request itself.
     */
    Egress egress();

    /**
     * The system's HTTP client, built by the platform: the egress rules, the system's credential, trace
     * context, timeouts and body limits on every request. HTTP-based connectors send through it and open no
     * socket of their own. The platform closes it when the system's client closes.
     *
     * @throws ConnectorException {@code http.client} (retryable) when the transport does not start
     * @throws UnsupportedOperationException when the platform that opened the client gives none
     */
    default HttpTransport http() throws ConnectorException {
        throw new UnsupportedOperationException("the platform that opened system '" + systemId()
                + "' gives no HTTP transport; HTTP connectors run inside the gateway (weft server, weft run)");
    }

    /**
     * Calls an operation of another system of the same tenant through the platform's call path, as a flow
     * step would: that system's policy, rate limits, circuit breaker, credential, metrics and redaction
     * apply. For a connector that completes its own work with another system's (a document system that
     * asks a model system's {@code llm.extract} for the fields its rules did not find), named in its
     * configuration. Pass the calling {@link Call}'s timeout, cancellation and trace on; give the nested
     * call an idempotency key of its own derived from the caller's.
     *
     * @throws ConnectorException as the other system's call fails; {@code system.loop} (permanent) when a
     *     system calls itself, or calls nest deeper than the platform allows
     * @throws UnsupportedOperationException when the platform that opened the client calls no other system
     */
    default JsonNode callSystem(String systemId, Call call)
            throws ConnectorException {
        throw new UnsupportedOperationException("the platform that opened system '" + systemId()
                + "' calls no other system; such calls run inside the gateway (weft server, weft run)");
    }

    /**
     * The blob store of the system's tenant: large values (downloads, files, attachments) go in as bytes
     * and travel between steps as {@link BlobRef}s.
     */
    Blobs blobs();

    /** The clock to read time from (tests move it). */
    Clock clock();

    /** A logger for this system; lines logged during a call carry the execution's id. */
    Logger logger();
}
