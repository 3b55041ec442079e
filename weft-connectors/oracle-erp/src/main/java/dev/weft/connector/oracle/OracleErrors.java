package dev.weft.connector.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.kit.JsonApi;
import dev.weft.connector.kit.RateLimitHeaders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What Oracle Fusion's REST refusals mean: the status, and the message, which the ADF REST framework sends as
 * text ({@code text/plain}, framework versions 1 to 3) or, from version 4, as JSON with {@code title} and
 * {@code o:errorDetails} ({@code detail}, {@code o:errorCode}). A login page or HTML error page in front of
 * the pod is cut to its text. Stateless.
 */
final class OracleErrors {
    private OracleErrors() {
    }

    static ConnectorException of(String what, HttpTransport.Response response) {
        int status = response.status();
        JsonNode body = JsonApi.jsonOrEmpty(response);
        List<String> messages = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (JsonNode d : body.path("o:errorDetails")) {
            messages.add(d.path("detail").asText());
            if (d.hasNonNull("o:errorCode")) {
                codes.add(d.get("o:errorCode").asText());
            }
        }
        if (messages.isEmpty() && body.hasNonNull("detail")) {
            messages.add(body.get("detail").asText());
        }
        if (messages.isEmpty() && body.hasNonNull("title")) {
            messages.add(body.get("title").asText());
        }
        String message = messages.isEmpty()
                ? JsonApi.text(response).replaceAll("(?s)<[^>]+>", " ").replaceAll("\\s+", " ").strip()
                : String.join("; ", messages);
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("status", status).put("message",
                JsonApi.abbreviate(message));
        if (!codes.isEmpty()) {
            details.putArray("errorCodes")
                    .addAll(codes.stream().map(JsonNodeFactory.instance::textNode).toList());
        }
        String text = what + " answered " + status + (message.isEmpty() ? "" : ": " + message);
        RateLimitHeaders.Reading limit = RateLimitHeaders.read(status, response::header, Instant.now());
        if (limit.exhausted()) {
            return ConnectorException.rateLimited("oracle.rate_limited", text,
                    limit.retryAfter().orElse(null),
                    details);
        }
        return switch (status) {
            case 400, 422 -> ConnectorException.permanent("oracle.invalid", text, details, null);
            case 401 -> ConnectorException.permanent("oracle.unauthorized", text + " (check the system's"
                    + " credential: basic, a Fusion user's name and password, or oauth2ClientCredentials from the"
                    + " pod's identity domain; a locked user or an expired password is refused too)", details,
                    null);
            case 403 -> ConnectorException.permanent("oracle.forbidden", text
                    + " (the user lacks a role or data"
                    + " access this resource needs, such as Accounts Payable Specialist for invoices, in that"
                    + " business unit)", details, null);
            case 404 -> ConnectorException.permanent("oracle.not_found",
                    text + " (an item's id is the key of its"
                            + " self link, such as the InvoiceId; a resource name is case-sensitive, such as"
                            + " receivablesInvoices; check the system's apiVersion)",
                    details, null);
            case 409, 412 -> ConnectorException.permanent("oracle.conflict", text, details, null);
            case 405, 406, 415 -> ConnectorException.permanent("oracle.refused", text, details, null);
            default -> {
                limit.retryAfter()
                        .ifPresent(d -> details.put(ConnectorException.RETRY_AFTER_SECONDS, d.toSeconds()));
                yield status >= 500 || status == 408
                        ? ConnectorException.retryable("oracle.unavailable", text, details, null)
                        : ConnectorException.permanent("oracle.refused", text, details, null);
            }
        };
    }
}
