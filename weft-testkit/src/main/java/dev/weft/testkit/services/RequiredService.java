package dev.weft.testkit.services;

import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * A server that tests need (PostgreSQL, a broker, a cache), checked once before a test class runs. When
 * it cannot be reached the class's tests are skipped on a developer's machine but fail when the
 * environment variable {@code CI} is {@code true}, so that CI never goes green by skipping them. Register
 * it on a static field with {@code @RegisterExtension}, or call {@link #require()}. Thread-safe.
 */
public final class RequiredService implements BeforeAllCallback {

    /** Connects to the service and does something trivial with it, throwing when it cannot. */
    @FunctionalInterface
    public interface Probe {
        void check() throws Exception;
    }

    private final String name;
    private final String howToStart;
    private final Probe probe;
    private final Function<String, String> environment;
    private volatile Outcome outcome;

    private record Outcome(Exception failure) {
    }

    RequiredService(String name, String howToStart, Probe probe, Function<String, String> environment) {
        this.name = Objects.requireNonNull(name, "name");
        this.howToStart = Objects.requireNonNull(howToStart, "howToStart");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.environment = environment;
    }

    /**
     * @param name what and where, for messages: {@code PostgreSQL at 127.0.0.1:5432}
     * @param howToStart what a developer does to make it reachable, for the message when it is not
     */
    public static RequiredService of(String name, String howToStart, Probe probe) {
        return new RequiredService(name, howToStart, probe, System::getenv);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        require();
    }

    /**
     * Returns when the service answers (probing it on the first call only); otherwise aborts the running
     * test or class (JUnit reports it skipped), or fails it when {@code CI=true}.
     */
    public void require() {
        Exception failure = probeOnce();
        if (failure == null) {
            return;
        }
        String message = name + " cannot be reached (" + failure + "); " + howToStart;
        if ("true".equalsIgnoreCase(environment.apply("CI"))) {
            throw new AssertionFailedError(message + ". With CI=true the tests that need it fail instead of"
                    + " being skipped.", failure);
        }
        Assumptions.abort(message);
    }

    private Exception probeOnce() {
        Outcome known = outcome;
        if (known == null) {
            synchronized (this) {
                known = outcome;
                if (known == null) {
                    known = new Outcome(probe());
                    outcome = known;
                }
            }
        }
        return known.failure();
    }

    private Exception probe() {
        try {
            probe.check();
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
