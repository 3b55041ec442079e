package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Authorization;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.Egress;
import dev.weft.connector.OutboundAuth;
import dev.weft.connector.SystemContext;
import dev.weft.engine.store.SystemRecord;
import java.net.URI;
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
    private final Clock clock;
    private final Logger logger;

    Context(SystemRecord record, Credential credential, Egress egress, Clock clock) {
        this.record = record;
        this.credential = credential;
        this.auth = credential == null ? OutboundAuth.NONE : auth(credential);
        this.egress = egress;
        this.clock = clock;
        this.logger = LoggerFactory.getLogger("weft.system." + record.id());
    }

    /** Fixed values now; OAuth 2.0 and HMAC signing are not built yet and fail the call, saying so. */
    private static OutboundAuth auth(Credential credential) {
        OutboundAuth fixed = StaticAuth.of(credential);
        if (fixed != null) {
            return fixed;
        }
        return new OutboundAuth() {
            @Override
            public Authorization authorize(String method, URI uri, byte[] body) throws ConnectorException {
                throw ConnectorException.permanent("gateway.auth_unsupported", "credentials of type "
                        + credential.type().wireName()
                        + " cannot authorize HTTP requests yet (basic, bearer and"
                        + " apiKey can)", null, null);
            }

            @Override
            public boolean renew(Authorization rejected) {
                return false;
            }
        };
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
    public Clock clock() {
        return clock;
    }

    @Override
    public Logger logger() {
        return logger;
    }
}
