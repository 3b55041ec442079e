package dev.weft.server;

import dev.weft.server.http.ApiException;
import dev.weft.server.http.Route;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the OpenAPI 3.1 document, {@code docs/openapi.json} as checked in (the build copies it into the
 * jar). {@code OpenApiTest} fails when the document and the routes disagree.
 */
final class OpenApi {
    static final String RESOURCE = "/weft/openapi.json";

    private OpenApi() {
    }

    static Route route() {
        return Route.api("GET", "/api/v1/openapi.json",
                x -> x.send(200, "application/json", document(), Map.of()));
    }

    static byte[] document() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ApiException(500, "internal", "the OpenAPI document is missing from this build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }
}
