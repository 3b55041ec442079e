package dev.weft.server.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.http.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Gives each route the permission the OpenAPI document declares for its operation
 * ({@code x-weft-permission}): the one place an operation's permission is written. A server whose
 * authenticated route has none, or names one that does not exist, does not start.
 */
public final class RoutePermissions {
    public static final String EXTENSION = "x-weft-permission";
    /** The largest body an operation takes, where it is smaller than the server's limit. */
    public static final String MAX_BODY = "x-weft-max-body-bytes";

    private RoutePermissions() {
    }

    /** The operation of a route in the document, or a missing node. */
    public static JsonNode operation(JsonNode openapi, Route route) {
        return openapi.path("paths").path(route.template()).path(route.method().toLowerCase(Locale.ROOT));
    }

    /**
     * The routes, each authenticated one with its permission.
     *
     * @throws IllegalStateException naming every route the document does not describe or gives no known
     *     permission
     */
    public static List<Route> declare(List<Route> routes, JsonNode openapi) {
        List<Route> declared = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Route route : routes) {
            JsonNode op = operation(openapi, route);
            if (op.isMissingNode()) {
                problems.add(route.describe() + " is not in the OpenAPI document");
                continue;
            }
            JsonNode name = op.path(EXTENSION);
            if (!route.authenticated()) {
                if (!name.isMissingNode()) {
                    problems.add(route.describe() + " is open, but declares " + EXTENSION);
                }
                declared.add(route.withPermission(null, op.path("operationId").asText(null))
                        .withMaxBodyBytes(op.path(MAX_BODY).asLong(0)));
                continue;
            }
            Permission permission = Permission.of(name.asText()).orElse(null);
            if (permission == null) {
                problems.add(route.describe() + (name.isMissingNode()
                        ? " declares no " + EXTENSION
                        : " declares unknown " + EXTENSION + " '" + name.asText() + "'"));
                continue;
            }
            declared.add(route.withPermission(permission, op.path("operationId").asText(null))
                    .withMaxBodyBytes(op.path(MAX_BODY).asLong(0)));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the OpenAPI document does not give every route its permission: "
                    + String.join("; ", problems));
        }
        return declared;
    }
}
