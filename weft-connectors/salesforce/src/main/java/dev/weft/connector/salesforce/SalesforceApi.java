package dev.weft.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.SystemContext;
import dev.weft.connector.kit.JsonApi;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;

/**
 * One org's REST API under {@code <instance URL>/services/data/v<version>}, through the platform's HTTP
 * transport (which adds the access token): JSON requests, CSV uploads and streamed downloads for Bulk API
 * 2.0, and every refusal as a typed error ({@link SalesforceErrors}). Thread-safe.
 */
final class SalesforceApi {
    /** How long the platform's own requests (a connection test, a poll) may take. */
    static final Duration OWN_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SystemContext context;
    private final JsonApi json;
    private final String version;

    SalesforceApi(SystemContext context, String baseUrl, String version) {
        this.context = context;
        this.version = version;
        this.json = new JsonApi(context, baseUrl, "salesforce",
                "check the system's baseUrl: the org's instance URL, such as https://mydomain.my.salesforce.com"
                        + " (not a Lightning page or the login URL)");
    }

    /** {@code /services/data/v62.0}: the root of every path the connector builds. */
    String data() {
        return "/services/data/v" + version;
    }

    String version() {
        return version;
    }

    String root() {
        return json.root();
    }

    /**
     * Sends a JSON request (no body when null) as part of {@code call} (null for the platform's own) and
     * answers the response when its status is one of {@code ok}; any other is a typed error.
     */
    HttpTransport.Response send(String method, String pathAndQuery, JsonNode body, Call call, int... ok)
            throws ConnectorException {
        HttpTransport.Response response = json.send(method, pathAndQuery, body,
                call == null ? OWN_TIMEOUT : call.timeout(),
                call == null ? new Cancellation() : call.cancellation(), call);
        return expect(method, pathAndQuery, response, ok);
    }

    /** The body of a JSON answer. */
    JsonNode json(HttpTransport.Response response, String what) throws ConnectorException {
        return json.json(response, what);
    }

    /** Sends {@code body} as it is (a CSV upload) and answers the response when its status is one of ok. */
    HttpTransport.Response upload(String method, String path, HttpTransport.Body body, Call call, int... ok)
            throws ConnectorException {
        HttpTransport.Request request = HttpTransport.Request.to(method, URI.create(json.root() + path))
                .withHeader("Accept", "application/json").withBody(body).withTimeout(call.timeout())
                .withCancellation(call.cancellation()).withTrace(call.trace());
        return expect(method, path, context.http().send(request), ok);
    }

    /** GETs an answer of type {@code accept} (a CSV, a file) streamed, for the blob store; the caller closes it. */
    HttpTransport.Response download(String path, Call call, String accept) throws ConnectorException {
        HttpTransport.Request request = HttpTransport.Request.to("GET", URI.create(json.root() + path))
                .withHeader("Accept", accept).withTimeout(call.timeout())
                .withCancellation(call.cancellation()).withTrace(call.trace()).streamed();
        HttpTransport.Response response = context.http().send(request);
        if (response.status() != 200) {
            try (response) {
                throw SalesforceErrors.of("GET " + shown(path), response.status(), errorBody(response),
                        response::header, context.clock().instant());
            }
        }
        return response;
    }

    private HttpTransport.Response expect(String method, String path, HttpTransport.Response response,
            int... ok) throws ConnectorException {
        for (int status : ok) {
            if (response.status() == status) {
                return response;
            }
        }
        if (response.status() == 501 || response.status() / 100 == 2) {
            // A 2xx Salesforce does not answer here, or a 501: not the REST API of an org.
            throw ConnectorException.permanent("salesforce.not_api", method + " " + shown(path) + " answered "
                    + response.status() + " (" + JsonApi.text(response) + "); check the system's baseUrl: the"
                    + " org's instance URL, such as https://mydomain.my.salesforce.com", null, null);
        }
        throw SalesforceErrors.of(method + " " + shown(path), response.status(),
                JsonApi.jsonOrEmpty(response),
                response::header, context.clock().instant());
    }

    /** The path without the version prefix and query (a SOQL query may be long; it is the caller's own). */
    private String shown(String path) {
        String p = path.startsWith(data()) ? path.substring(data().length()) : path;
        int q = p.indexOf('?');
        return q < 0 ? p : p.substring(0, q);
    }

    /** The error body of a streamed answer (its first 64 KiB), or an empty object when it is not JSON. */
    private static JsonNode errorBody(HttpTransport.Response streamed) {
        try (InputStream in = streamed.stream()) {
            JsonNode body = JSON.readTree(in.readNBytes(64 * 1024));
            return body == null ? JsonNodeFactory.instance.objectNode() : body;
        } catch (IOException | RuntimeException notJson) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
