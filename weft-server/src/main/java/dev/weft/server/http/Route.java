package dev.weft.server.http;

import dev.weft.server.access.Permission;

/**
 * One route: a method, a path template such as {@code /api/v1/executions/{id}/signals/{name}} and its
 * handler. The templates are what the OpenAPI document's paths are checked against. Immutable.
 *
 * @param authenticated whether the caller must present an API key
 * @param permission what an authenticated route needs, as the OpenAPI document declares it
 *     ({@code x-weft-permission}); null until {@link dev.weft.server.access.RoutePermissions} reads it, and
 *     for open routes
 * @param operationId the operation's id in the OpenAPI document, as the audit log names the action; null
 *     until {@link dev.weft.server.access.RoutePermissions} reads it
 * @param maxBodyBytes the largest body the operation takes ({@code x-weft-max-body-bytes}); 0 for the server's
 *     limit alone
 * @param readOnly whether a POST only reads (checks a document sent to it) and so is not audited: the
 *     editor's live validation would otherwise write an audit entry at every pause in typing (it still needs
 *     a session's CSRF token, as every POST does)
 */
public record Route(String method, String template, boolean authenticated, Permission permission,
        String operationId, long maxBodyBytes, boolean readOnly, Handler handler) {

    /** Serves one exchange; throws {@link ApiException} for a request it refuses. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    public static Route open(String method, String template, Handler handler) {
        return new Route(method, template, false, null, null, 0, false, handler);
    }

    public static Route api(String method, String template, Handler handler) {
        return new Route(method, template, true, null, null, 0, false, handler);
    }

    /** An authenticated POST that changes nothing, such as a validation: not audited. */
    public static Route check(String method, String template, Handler handler) {
        return new Route(method, template, true, null, null, 0, true, handler);
    }

    public Route withPermission(Permission permission, String operationId) {
        return new Route(method, template, authenticated, permission, operationId, maxBodyBytes, readOnly,
                handler);
    }

    public Route withMaxBodyBytes(long bytes) {
        return new Route(method, template, authenticated, permission, operationId, bytes, readOnly, handler);
    }

    /** Whether the route changes something (and so is audited). */
    public boolean mutates() {
        return !readOnly && unsafe();
    }

    /**
     * Whether the method is one a browser sends across sites only with a form or script (not GET or HEAD): a
     * session's such request carries the CSRF token, also on a read-only route, so that no route can lose the
     * check by being marked read-only.
     */
    public boolean unsafe() {
        return !method.equals("GET") && !method.equals("HEAD");
    }

    /** {@code GET /api/v1/flows}. */
    public String describe() {
        return method + " " + template;
    }
}
