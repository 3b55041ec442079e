package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Blobs;
import dev.weft.connector.Credential;
import dev.weft.connector.Egress;
import dev.weft.connector.OutboundAuth;
import dev.weft.connector.SystemContext;
import dev.weft.engine.store.SystemRecord;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the gateway gives a connector for one system. Immutable. */
final class Context implements SystemContext {
    private final SystemRecord record;
    private final Credential credential;
    private final OutboundAuth auth;
    private final Egress egress;
    private final Blobs blobs;
    private final Clock clock;
    private final Logger logger;

    /**
     * @param auth the credential's auth, shared by every client of the system (one token cache, one
     *     refresh, however many endpoints)
     * @param blobs the tenant's blob store
     */
    Context(SystemRecord record, Credential credential, OutboundAuth auth, Egress egress, Blobs blobs,
            Clock clock) {
        this.record = record;
        this.credential = credential;
        this.auth = auth;
        this.egress = egress;
        this.blobs = blobs;
        this.clock = clock;
        this.logger = LoggerFactory.getLogger("weft.system." + record.id());
    }

    @Override
    public String systemId() {
        return record.id();
    }

    @Override
    public JsonNode config() {
        return record.config();
    }

    @Override
    public Optional<Credential> credential() {
        return Optional.ofNullable(credential);
    }

    @Override
    public OutboundAuth auth() {
        return auth;
    }

    @Override
    public Egress egress() {
        return egress;
    }

    @Override
    public Blobs blobs() {
        return blobs;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public Logger logger() {
        return logger;
    }
}
