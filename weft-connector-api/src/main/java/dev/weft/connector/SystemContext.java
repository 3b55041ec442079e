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

    /** The platform's egress rules (the SSRF guard); every connection the connector opens goes through it. */
    Egress egress();

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
