package dev.weft.server.access;

import dev.weft.server.api.ApiKeys;
import java.util.Optional;

/**
 * Who a request is: the API key of its {@code Authorization: Bearer} header, else the signed-in user of its
 * session cookie. Thread-safe.
 */
public final class Authenticator {
    private final ApiKeys keys;
    private final Sessions sessions;

    public Authenticator(ApiKeys keys, Sessions sessions) {
        this.keys = keys;
        this.sessions = sessions;
    }

    /** Whether the request presented anything to authenticate with. */
    public static boolean presented(String authorization, String cookies) {
        return authorization != null || cookie(cookies, Sessions.COOKIE) != null;
    }

    public Optional<Principal> authenticate(String authorization, String cookies) {
        if (authorization != null) {
            return keys.authenticate(authorization);
        }
        return sessions.authenticate(cookie(cookies, Sessions.COOKIE));
    }

    /** The value of the cookie {@code name} in a {@code Cookie} header, or null. */
    public static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                return pair.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
