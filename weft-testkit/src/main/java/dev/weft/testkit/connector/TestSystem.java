package dev.weft.testkit.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.Blobs;
import dev.weft.connector.Credential;
import dev.weft.connector.Egress;
import dev.weft.connector.OutboundAuth;
import dev.weft.connector.SystemContext;
import dev.weft.testkit.blob.TestBlobs;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SystemContext} for connector tests: a configuration, an optional credential, the egress
 * rules the test chooses (by default {@link TestEgress#LOOPBACK}: the test's own servers on this
 * machine, nothing else) and a real blob store (by default {@link TestBlobs#temporary()}, files in a
 * temporary directory). Immutable.
 */
public record TestSystem(String systemId, JsonNode config, Optional<Credential> credential, OutboundAuth auth,
        Egress egress, Blobs blobs, Clock clock) implements SystemContext {

    public TestSystem {
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * A system with an empty configuration, no credential, loopback egress, blobs in a temporary directory
     * and the system clock.
     */
    public static TestSystem named(String systemId) {
        return new TestSystem(systemId, JsonNodeFactory.instance.objectNode(), Optional.empty(),
                OutboundAuth.NONE, TestEgress.LOOPBACK, TestBlobs.temporary(), Clock.systemUTC());
    }

    public TestSystem withConfig(JsonNode config) {
        return new TestSystem(systemId, config, credential, auth, egress, blobs, clock);
    }

    public TestSystem withCredential(Credential credential) {
        return new TestSystem(systemId, config, Optional.of(credential), auth, egress, blobs, clock);
    }

    public TestSystem withAuth(OutboundAuth auth) {
        return new TestSystem(systemId, config, credential, auth, egress, blobs, clock);
    }

    public TestSystem withEgress(Egress egress) {
        return new TestSystem(systemId, config, credential, auth, egress, blobs, clock);
    }

    public TestSystem withBlobs(Blobs blobs) {
        return new TestSystem(systemId, config, credential, auth, egress, blobs, clock);
    }

    public TestSystem withClock(Clock clock) {
        return new TestSystem(systemId, config, credential, auth, egress, blobs, clock);
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("weft.connector." + systemId);
    }
}
