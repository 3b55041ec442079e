package dev.weft.testkit.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.Blobs;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import dev.weft.connector.Credential;
import dev.weft.connector.Egress;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.OutboundAuth;
import dev.weft.connector.SystemContext;
import dev.weft.testkit.blob.TestBlobs;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SystemContext} for connector tests: a configuration, an optional credential, the egress
 * rules the test chooses (by default {@link TestEgress#LOOPBACK}: the test's own servers on this
 * machine, nothing else) and a real blob store (by default {@link TestBlobs#temporary()}, files in a
 * temporary directory). An HTTP connector's test gives it the platform's transport with {@link #withHttp}
 * (the gateway's {@code JettyTransport}, started on this system's egress and auth). Immutable.
 */
public record TestSystem(String systemId, JsonNode config, Optional<Credential> credential, OutboundAuth auth,
        Egress egress, Blobs blobs, Clock clock, HttpTransport http, Map<String, SystemClient> others)
        implements
            SystemContext {

    public TestSystem {
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(clock, "clock");
        others = Map.copyOf(others);
    }

    /**
     * A system with an empty configuration, no credential, loopback egress, blobs in a temporary directory
     * and the system clock.
     */
    public static TestSystem named(String systemId) {
        return new TestSystem(systemId, JsonNodeFactory.instance.objectNode(), Optional.empty(),
                OutboundAuth.NONE, TestEgress.LOOPBACK, TestBlobs.temporary(), Clock.systemUTC(), null,
                Map.of());
    }

    public TestSystem withConfig(JsonNode config) {
        return new TestSystem(systemId, config, credential, auth, egress, blobs, clock, http, others);
    }

    public TestSystem withCredential(Credential credential) {
        return new TestSystem(systemId, config, Optional.of(credential), auth, egress, blobs, clock, http,
                others);
    }

    public TestSystem withAuth(OutboundAuth auth) {
        return new TestSystem(systemId, config, credential, auth, egress, blobs, clock, http, others);
    }

    /**
     * Auth that puts the same {@code headers} on every request and renews nothing, as the gateway's basic,
     * bearer and API key auth do: for a connector's tests on the platform's transport.
     */
    public TestSystem withHeaderAuth(java.util.Map<String, String> headers) {
        java.util.Map<String, String> fixed = java.util.Map.copyOf(headers);
        return withAuth(new OutboundAuth() {
            @Override
            public dev.weft.connector.Authorization authorize(String method, java.net.URI uri, byte[] body) {
                return new dev.weft.connector.Authorization(fixed, java.util.Map.of());
            }

            @Override
            public boolean renew(dev.weft.connector.Authorization rejected) {
                return false;
            }
        });
    }

    public TestSystem withEgress(Egress egress) {
        return new TestSystem(systemId, config, credential, auth, egress, blobs, clock, http, others);
    }

    public TestSystem withBlobs(Blobs blobs) {
        return new TestSystem(systemId, config, credential, auth, egress, blobs, clock, http, others);
    }

    public TestSystem withClock(Clock clock) {
        return new TestSystem(systemId, config, credential, auth, egress, blobs, clock, http, others);
    }

    /** This system with the HTTP transport {@code http}, which the test starts and stops. */
    public TestSystem withHttp(HttpTransport http) {
        return new TestSystem(systemId, config, credential, auth, egress, blobs, clock, http, others);
    }

    /**
     * This system with another system of its tenant, {@code client} (opened by the test on a real or
     * replayed server), which {@link #callSystem} calls by {@code id}.
     */
    public TestSystem withSystem(String id, SystemClient client) {
        Map<String, SystemClient> more = new java.util.HashMap<>(others);
        more.put(id, client);
        return new TestSystem(systemId, config, credential, auth, egress, blobs, clock, http, more);
    }

    /**
     * Calls the client given for {@code id} with {@link #withSystem}, as the gateway would (without its
     * policy).
     *
     * @throws ConnectorException {@code system.not_found} when none was given by that id
     */
    @Override
    public JsonNode callSystem(String id, Call call) throws ConnectorException {
        SystemClient other = others.get(id);
        if (other == null) {
            throw ConnectorException.permanent("system.not_found", "test system '" + systemId
                    + "' has no other system '" + id + "'; give it one with withSystem", null, null);
        }
        return other.invoke(call);
    }

    /**
     * The transport given with {@link #withHttp}.
     *
     * @throws UnsupportedOperationException when none was given
     */
    @Override
    public HttpTransport http() {
        if (http == null) {
            throw new UnsupportedOperationException("test system '" + systemId + "' has no HTTP transport;"
                    + " give it one with withHttp (the gateway's JettyTransport.start(systemId, egress, auth))");
        }
        return http;
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("weft.connector." + systemId);
    }
}
