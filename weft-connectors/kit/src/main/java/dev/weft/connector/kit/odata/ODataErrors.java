package dev.weft.connector.kit.odata;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.kit.JsonApi;
import dev.weft.connector.kit.RateLimitHeaders;
import java.time.Instant;
import java.util.Optional;

/**
 * Typed errors from an OData service's refusals, the same for every OData connector: the status says which
 * ({@code <connector>.invalid}, {@code .unauthorized}, {@code .forbidden}, {@code .not_found},
 * {@code .conflict}, {@code .precondition_failed}, {@code .precondition_required}, {@code .unsupported},
 * {@code .refused}: permanent; {@code .unavailable}: retryable; {@code .rate_limited} through
 * {@link ConnectorException#rateLimited} with the wait the service asked for), the {@link ODataError} in the
 * body says why. Details hold the status, the service's code, message and details, never a request header.
 * Stateless.
 */
public final class ODataErrors {

    private ODataErrors() {
    }

    /**
     * What to tell a person about the refusals only the connector can explain.
     *
     * @param unauthorized which credential the system needs (for a 401)
     * @param forbidden which permission or role is missing (for a 403)
     */
    public record Hints(String unauthorized, String forbidden) {
    }

    /**
     * The typed error of a non-2xx answer.
     *
     * @param what the request, for the message: {@code PATCH /accounts(...)}
     * @param now when the answer arrived, to read a {@code Retry-After} date
     */
    public static ConnectorException from(String connector, String what, HttpTransport.Response response,
            Instant now, Hints hints) {
        int status = response.status();
        Optional<ODataError> error = ODataError.read(JsonApi.jsonOrEmpty(response));
        String said = error.map(ODataError::describe).orElseGet(() -> plain(JsonApi.text(response)));
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("status", status);
        error.ifPresent(e -> {
            details.put("code", e.code()).put("message", JsonApi.abbreviate(e.message()));
            if (!e.details().isEmpty()) {
                e.details().forEach(details.putArray("details")::add);
            }
        });
        if (error.isEmpty() && !said.isEmpty()) {
            details.put("message", said);
        }
        String text = what + " answered " + status + (said.isEmpty() ? "" : ": " + said);
        RateLimitHeaders.Reading limit = RateLimitHeaders.read(status, response::header, now);
        if (limit.exhausted()) {
            return ConnectorException.rateLimited(connector + ".rate_limited", text + " (the service's rate"
                    + " limit; the call is retried after the wait it asked for)",
                    limit.retryAfter().orElse(null),
                    details);
        }
        return switch (status) {
            case 400, 422 -> ConnectorException.permanent(connector + ".invalid", text, details, null);
            case 401 -> ConnectorException.permanent(connector + ".unauthorized", text + " (" + hints
                    .unauthorized() + ")", details, null);
            case 403 -> ConnectorException.permanent(connector + ".forbidden", text + " (" + hints.forbidden()
                    + ")", details, null);
            case 404, 410 -> ConnectorException.permanent(connector + ".not_found", text, details, null);
            case 405, 501 -> ConnectorException.permanent(connector + ".unsupported", text + " (the service"
                    + " does not allow this on that resource)", details, null);
            case 409 -> ConnectorException.permanent(connector + ".conflict", text, details, null);
            case 412 -> ConnectorException.permanent(connector + ".precondition_failed", text + " (the record"
                    + " changed since its ETag was read, or it exists where it must not)", details, null);
            case 428 -> ConnectorException.permanent(connector + ".precondition_required", text + " (the"
                    + " service needs the record's ETag in If-Match: give `etag`)", details, null);
            default -> {
                limit.retryAfter()
                        .ifPresent(d -> details.put(ConnectorException.RETRY_AFTER_SECONDS, d.toSeconds()));
                yield status >= 500 || status == 408
                        ? ConnectorException.retryable(connector + ".unavailable", text, details, null)
                        : ConnectorException.permanent(connector + ".refused", text, details, null);
            }
        };
    }

    /** A text or HTML answer as one line of text (an SAP logon page, a proxy's error page). */
    static String plain(String body) {
        return body.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ").replaceAll("<[^>]+>", " ")
                .replaceAll("\\s+", " ").strip();
    }
}
