package dev.weft.gateway;

import dev.weft.connector.Authorization;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import dev.weft.connector.OutboundAuth;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Authorization that is the same for every request: basic, bearer and API keys. The value is computed
 * once. Immutable.
 */
final class StaticAuth implements OutboundAuth {
    private final Authorization authorization;

    private StaticAuth(Authorization authorization) {
        this.authorization = authorization;
    }

    /** The auth of {@code credential}, or null when its type needs more than a fixed value. */
    static OutboundAuth of(Credential credential) {
        return switch (credential) {
            case Credential.Basic b -> header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((b.username() + ":" + b.password()).getBytes(StandardCharsets.UTF_8)));
            case Credential.Bearer b -> header("Authorization", "Bearer " + b.token());
            case Credential.ApiKey k -> k.in() == Credential.ApiKey.Location.HEADER
                    ? header(k.name(), k.value())
                    : new StaticAuth(new Authorization(Map.of(), Map.of(k.name(), k.value())));
            default -> null;
        };
    }

    private static StaticAuth header(String name, String value) {
        return new StaticAuth(new Authorization(Map.of(name, value), Map.of()));
    }

    @Override
    public Authorization authorize(String method, URI uri, byte[] body) {
        return authorization;
    }

    /** A fixed value cannot be renewed: a 401 is the call's answer. */
    @Override
    public boolean renew(Authorization rejected) throws ConnectorException {
        return false;
    }
}
