package dev.weft.testkit.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.Credential;
import dev.weft.connector.Egress;
import dev.weft.connector.OutboundAuth;
import dev.weft.connector.SystemContext;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SystemContext} for connector tests: a configuration, an optional credential and the egress
 * rules the test chooses (by default {@link TestEgress#LOOPBACK}: the test's own servers on this
 * machine, nothing else). Immutable.
 */
public record TestSystem(String systemId, JsonNode config, Optional<Credential> credential, OutboundAuth auth,
        Egress egress, Clock clock) implements SystemContext {

    public TestSystem {
        Objects.requireNonNull(systemId, "systemId");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(egress, "egress");
        Objects.requireNonNull(clock, "clock");
    }

    /** A system with an empty configuration, no credential, loopback egress and the system clock. */
    public static TestSystem named(String systemId) {
        return new TestSystem(systemId, JsonNodeFactory.instance.objectNode(), Optional.empty(),
                OutboundAuth.NONE, TestEgress.LOOPBACK, Clock.systemUTC());
    }

    public TestSystem withConfig(JsonNode config) {
        return new TestSystem(systemId, config, credential, auth, egress, clock);
    }

    public TestSystem withCredential(Credential credential) {
        return new TestSystem(systemId, config, Optional.of(credential), auth, egress, clock);
    }

    public TestSystem withAuth(OutboundAuth auth) {
        return new TestSystem(systemId, config, credential, auth, egress, clock);
    }

    public TestSystem withEgress(Egress egress) {
        return new TestSystem(systemId, config, credential, auth, egress, clock);
    }

    public TestSystem withClock(Clock clock) {
        return new TestSystem(systemId, config, credential, auth, egress, clock);
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("weft.connector." + systemId);
    }
}
