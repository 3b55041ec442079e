package dev.weft.server.http;

/**
 * One route: a method, a path template such as {@code /api/v1/executions/{id}/signals/{name}} and its
 * handler. The templates are what the OpenAPI document's paths are checked against. Immutable.
 *
 * @param authenticated whether the caller must present an API key
 */
public record Route(String method, String template, boolean authenticated, Handler handler) {

    /** Serves one exchange; throws {@link ApiException} for a request it refuses. */
    @FunctionalInterface
    public interface Handler {
        void handle(Exchange exchange) throws Exception;
    }

    public static Route open(String method, String template, Handler handler) {
        return new Route(method, template, false, handler);
    }

    public static Route api(String method, String template, Handler handler) {
        return new Route(method, template, true, handler);
    }
}
