package dev.weft.connector.wordpress;

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
import java.util.Map;
import java.util.Set;

/**
 * WordPress's errors as typed ones. The REST API answers {@code {"code", "message", "data": {"status",
 * "params"}}}; {@code rest_invalid_param} names each refused parameter with its reason and
 * {@code rest_missing_callback_param} lists the missing ones, which the error names as the input's fields
 * ({@code post.status}). Stateless.
 */
final class WordPressErrors {
    /** The credential this connector expects, for every authentication failure. */
    static final String CREDENTIAL_HINT = "check the system's credential: a basic credential with the WordPress"
            + " username and one of that user's application passwords (Users → Profile → Application"
            + " Passwords), not the login password; WordPress accepts application passwords over HTTPS only,"
            + " unless the site's environment type is local";
    /** What to check when the answer is not the REST API's. */
    static final String NOT_API_HINT = "check config.baseUrl (the site's address, without /wp-json) and, for a"
            + " site without pretty permalinks, set config.plainPermalinks to true";
    /**
     * Codes WordPress answers 500 for that are about the request, not the server: retrying sends the same
     * file or user again.
     */
    private static final Set<String> PERMANENT_500 = Set.of("rest_upload_sideload_error",
            "rest_upload_file_too_big", "existing_user_login", "existing_user_email", "empty_content",
            "invalid_page_template", "rest_user_invalid_password");

    private WordPressErrors() {
    }

    /**
     * The error of a non-2xx answer.
     *
     * @param what the request, for the message: {@code wordpress.create_post (POST /wp/v2/posts)}
     * @param op the operation, to name the input's fields; null for the trigger and the connection test
     */
    static ConnectorException of(String what, Operations.Op op, HttpTransport.Response response) {
        int status = response.status();
        JsonNode body = JsonApi.jsonOrEmpty(response);
        String code = body.path("code").asText("");
        // WordPress's wp_die() messages are HTML (<h1>Error establishing a database connection</h1>).
        String message = body.path("message").asText("").replaceAll("<[^>]*>", "").strip();
        boolean wordpress = !code.isEmpty();
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("status", status);
        if (wordpress) {
            details.put("code", code).put("message", JsonApi.abbreviate(message));
            JsonNode data = body.path("data");
            if (data.has("params")) {
                details.set("params", data.get("params"));
            }
            if (data.has("term_id")) {
                details.set("term_id", data.get("term_id"));
            }
        }
        String said = wordpress ? code + ": " + message : notJson(response);
        String text = what + " answered " + status + " " + said;
        RateLimitHeaders.Reading limit = RateLimitHeaders.read(status, response::header, Instant.now());
        if (limit.exhausted()) {
            return ConnectorException.rateLimited("wordpress.rate_limited",
                    text + " (the site or a plugin limits"
                            + " the rate of requests)",
                    limit.retryAfter().orElse(null), details);
        }
        if (status == 400
                && (code.equals("rest_invalid_param") || code.equals("rest_missing_callback_param"))) {
            return ConnectorException.permanent("wordpress.invalid", what + ": WordPress refused "
                    + fields(op, body.path("data").path("params")), details, null);
        }
        if (!wordpress && status != 401 && status != 403 && status != 408 && status < 500) {
            return ConnectorException.permanent("wordpress.not_api", text + " (" + NOT_API_HINT + ")",
                    details,
                    null);
        }
        return switch (status) {
            case 401 ->
                ConnectorException.permanent("wordpress.unauthorized", text + " (" + CREDENTIAL_HINT + ")",
                        details, null);
            case 403 ->
                ConnectorException.permanent("wordpress.forbidden", text + " (the application password's"
                        + " user lacks the role or capability this needs)", details, null);
            case 404 -> code.equals("rest_no_route")
                    ? ConnectorException.permanent("wordpress.no_route", text + " (this site has no such REST"
                            + " route: check config.baseUrl, config.plainPermalinks, and that no plugin turns the"
                            + " REST API off)", details, null)
                    : ConnectorException.permanent("wordpress.not_found", text, details, null);
            case 413 -> ConnectorException.permanent("wordpress.too_large", text + " (the web server or PHP's"
                    + " upload_max_filesize / post_max_size refused the size)", details, null);
            default -> {
                limit.retryAfter()
                        .ifPresent(d -> details.put(ConnectorException.RETRY_AFTER_SECONDS, d.toSeconds()));
                if ((status >= 500 && !PERMANENT_500.contains(code)) || status == 408) {
                    yield ConnectorException.retryable("wordpress.unavailable", text, details, null);
                }
                yield ConnectorException.permanent("wordpress.refused", text, details, null);
            }
        };
    }

    /** What a page that is not WordPress's JSON says: its HTML title (a proxy's or PHP's error page), or its start. */
    private static String notJson(HttpTransport.Response response) {
        String text = JsonApi.text(response);
        java.util.regex.Matcher title = java.util.regex.Pattern.compile("(?is)<title>\\s*(.*?)\\s*</title>")
                .matcher(text);
        String gist = title.find()
                ? title.group(1)
                : text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return "a page that is not WordPress's REST API JSON: " + (gist.isBlank() ? "(empty)" : gist);
    }

    /**
     * {@code post.status (status is not one of publish, ...)} for each refused parameter: a field of the
     * operation's body is named under it, a query parameter as itself.
     */
    private static String fields(Operations.Op op, JsonNode params) {
        List<String> out = new ArrayList<>();
        if (params.isArray()) { // rest_missing_callback_param: the names
            params.forEach(p -> out.add(field(op, p.asText()) + " (missing)"));
        } else {
            for (Map.Entry<String, JsonNode> p : params.properties()) {
                out.add(field(op, p.getKey()) + " (" + p.getValue().asText() + ")");
            }
        }
        return out.isEmpty() ? "the request" : String.join(", ", out);
    }

    private static String field(Operations.Op op, String param) {
        if (op == null || op.query().contains(param) || op.route().contains("{" + param + "}")
                || op.body() == null) {
            return "'" + param + "'";
        }
        return "'" + op.body() + "." + param + "'";
    }
}
