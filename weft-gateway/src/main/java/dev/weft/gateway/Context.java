package dev.weft.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Authorization;
import dev.weft.connector.Blobs;
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
    private final Blobs blobs;
    private final Clock clock;
    private final Logger logger;

    Context(SystemRecord record, Credential credential, Egress egress, Blobs blobs, Clock clock,
            TokenClient tokens) {
        this.record = record;
        this.credential = credential;
        this.auth = credential == null ? OutboundAuth.NONE : auth(record.id(), credential, clock, tokens);
        this.egress = egress;
        this.blobs = blobs;
        this.clock = clock;
        this.logger = LoggerFactory.getLogger("weft.system." + record.id());
    }

    /** Fixed values, OAuth 2.0 client credentials; the refresh-token grant and HMAC signing are not built yet. */
    private static OutboundAuth auth(String system, Credential credential, Clock clock, TokenClient tokens) {
        OutboundAuth fixed = StaticAuth.of(credential);
        if (fixed != null) {
            return fixed;
        }
        if (credential instanceof Credential.OAuth2ClientCredentials oauth) {
            return new OAuth2Auth(system, oauth, tokens.client(), clock);
        }
        return new OutboundAuth() {
            @Override
            public Authorization authorize(String method, URI uri, byte[] body) throws ConnectorException {
                throw ConnectorException.permanent("gateway.auth_unsupported", "credentials of type "
                        + credential.type().wireName()
                        + " cannot authorize HTTP requests yet (basic, bearer, apiKey and"
                        + " oauth2ClientCredentials can)", null, null);
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
