package dev.weft.connector.redis;

import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import java.net.SocketTimeoutException;
import java.util.NoSuchElementException;
import java.util.Optional;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Turns what Jedis throws into {@link ConnectorException}s with {@code redis.*} codes: retryable where
 * trying again may help (unreachable, timed out, loading, out of pooled connections), permanent
 * otherwise. Every message goes through {@link #redact}, so that a password can never reach a step's
 * error even if a server or a client library echoed it. Thread-safe.
 */
final class Failures {
    /** Redis answers these while it cannot serve now but may soon. */
    private static final String[] TRANSIENT = {"LOADING", "BUSY", "TRYAGAIN", "MASTERDOWN", "READONLY",
            "CLUSTERDOWN", "OOM"};

    private final String target;
    private final Optional<Credential> credential;

    /**
     * @param target where and as whom, for messages ({@link RedisConfig#describe})
     */
    Failures(String target, Optional<Credential> credential) {
        this.target = target;
        this.credential = credential;
    }

    /** The error of {@code what} (for example {@code "redis.get"}) that failed with {@code e}. */
    ConnectorException of(String what, JedisException e) {
        String reply = redact(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        if (authenticationFailed(e)) {
            return ConnectorException.permanent("redis.auth", redact(what + ": Redis at " + target
                    + " refused the credential (" + reply + "): " + authAdvice(e)), null, null);
        }
        if (e instanceof JedisAccessControlException && reply.startsWith("NOPERM")) {
            return ConnectorException.permanent("redis.permission", what + ": " + reply
                    + " (grant the system's ACL user this command and key pattern)", null, null);
        }
        if (e instanceof JedisDataException) {
            if (reply.startsWith("WRONGTYPE")) {
                return ConnectorException.permanent("redis.wrong_type", what + ": " + reply, null, null);
            }
            for (String prefix : TRANSIENT) {
                if (reply.startsWith(prefix + " ") || reply.equals(prefix)) {
                    return ConnectorException.retryable("redis.unavailable", what + ": " + reply, null, null);
                }
            }
            return ConnectorException.permanent("redis.command", what + ": Redis answered: " + reply, null,
                    null);
        }
        if (has(e, SocketTimeoutException.class)) {
            return ConnectorException.retryable("redis.timeout",
                    what + ": Redis at " + target + " did not answer in time", null, null);
        }
        if (has(e, NoSuchElementException.class)) {
            return ConnectorException.retryable("redis.busy", what + ": every pooled connection to " + target
                    + " stayed in use for the whole timeout (raise config.maxConnections)", null, null);
        }
        if (e instanceof JedisConnectionException) {
            return ConnectorException.retryable("redis.unreachable",
                    what + ": cannot reach Redis at " + target
                            + ": " + redact(rootMessage(e)),
                    null, null);
        }
        return ConnectorException.retryable("redis.io", what + ": " + reply, null, null);
    }

    /** Whether Redis refused to authenticate: a wrong password, or a password it does not expect. */
    static boolean authenticationFailed(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.startsWith("WRONGPASS") || m.startsWith("NOAUTH")
                    || (m.startsWith("ERR AUTH") && m.contains("without any password configured"))) {
                return true;
            }
        }
        return false;
    }

    private static String authAdvice(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage();
            if (m.contains("without any password configured")) {
                return "the server has no password set, so remove the system's credential (or set a password"
                        + " on the server)";
            }
            if (m.startsWith("NOAUTH")) {
                return "the server requires a password: give the system a credential";
            }
        }
        return "check the credential's user and password";
    }

    /** {@code text} with the credential's password replaced by {@code ***}. */
    String redact(String text) {
        if (credential.isEmpty() || text == null) {
            return text;
        }
        String secret = switch (credential.get()) {
            case Credential.Secret s -> s.value();
            case Credential.Basic b -> b.password();
            default -> "";
        };
        return secret.isEmpty() ? text : text.replace(secret, "***");
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
