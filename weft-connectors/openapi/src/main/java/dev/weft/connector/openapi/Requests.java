package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.kit.JsonApi;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes a prepared call as an HTTP request: path parameters into the path template, query parameters in
 * their style ({@code form}, exploded or not, {@code spaceDelimited}, {@code pipeDelimited},
 * {@code deepObject}), headers, and the body as JSON. Stateless.
 */
final class Requests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {
    }

    static HttpTransport.Request build(String baseUrl, CallInput.Prepared prepared, Call call)
            throws ConnectorException {
        ApiOperation op = prepared.operation();
        String path = op.path();
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<ApiOperation.Parameter, JsonNode> e : prepared.values().entrySet()) {
            ApiOperation.Parameter p = e.getKey();
            JsonNode value = e.getValue();
            switch (p.in()) {
                case "path" -> path = path.replace("{" + p.name() + "}", pathValue(op, p, value));
                case "query" -> query(p, value).forEach(query::add);
                default -> headers.add(Map.entry(p.name(), headerValue(op, p, value)));
            }
        }
        HttpTransport.Request request = HttpTransport.Request
                .to(op.method(), URI.create(baseUrl + path + query))
                .withHeader("Accept", op.accept())
                .withTimeout(call.timeout()).withCancellation(call.cancellation()).withTrace(call.trace())
                .withIdempotencyKey(call.idempotencyKey());
        for (Map.Entry<String, String> h : headers) {
            request = request.withHeader(h.getKey(), h.getValue());
        }
        if (prepared.body() != null) {
            try {
                request = request
                        .withBody(new HttpTransport.Body.Bytes(JSON.writeValueAsBytes(prepared.body()),
                                op.body().mediaType()));
            } catch (IOException impossible) {
                throw new IllegalStateException("a JSON tree always serializes", impossible);
            }
        }
        return request;
    }

    /**
     * A path parameter's text. A simple one that is empty, {@code .} or {@code ..} is refused: it would change
     * which path, of the same host and credential, the request reaches.
     */
    private static String pathValue(ApiOperation op, ApiOperation.Parameter p, JsonNode value)
            throws ConnectorException {
        String text = pathText(p, value);
        if (!JsonApi.isSegment(text.replaceAll("(?i)%2e", "."))) {
            throw ConnectorException.permanent("openapi.invalid", "openapi.call " + op.operationId()
                    + ": path parameter '" + p.name() + "' is '" + JsonApi.abbreviate(value.asText())
                    + "', which"
                    + " cannot stand for one path segment (empty, '.' or '..' reach another path)", null,
                    null);
        }
        return text;
    }

    /** A header parameter's text; a line break would start another header, so it is refused. */
    private static String headerValue(ApiOperation op, ApiOperation.Parameter p, JsonNode value)
            throws ConnectorException {
        String text = joined(value, ",", p.explode(), Requests::verbatim);
        if (text.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw ConnectorException.permanent("openapi.invalid", "openapi.call " + op.operationId()
                    + ": header parameter '" + p.name() + "' holds a line break, which a header cannot", null,
                    null);
        }
        return text;
    }

    private static String pathText(ApiOperation.Parameter p, JsonNode value) {
        return switch (p.style()) {
            case "label" -> "." + joined(value, p.explode() ? "." : ",", p.explode(), Requests::segment);
            case "matrix" -> {
                if (value.isArray() && p.explode()) {
                    StringBuilder out = new StringBuilder();
                    value.forEach(
                            v -> out.append(';').append(p.name()).append('=').append(segment(v.asText())));
                    yield out.toString();
                }
                yield ";" + p.name() + "=" + joined(value, ",", p.explode(), Requests::segment);
            }
            default -> joined(value, ",", p.explode(), Requests::segment);
        };
    }

    private static List<String> query(ApiOperation.Parameter p, JsonNode value) {
        String name = encode(p.name());
        List<String> out = new ArrayList<>();
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> f : value.properties()) {
                if (p.style().equals("deepObject")) {
                    out.add(name + "[" + encode(f.getKey()) + "]=" + encode(f.getValue().asText()));
                } else if (p.explode()) {
                    out.add(encode(f.getKey()) + "=" + encode(f.getValue().asText()));
                }
            }
            if (out.isEmpty() && !value.isEmpty()) {
                out.add(name + "=" + joined(value, ",", false, Requests::encode));
            }
            return out;
        }
        if (value.isArray()) {
            String delimiter = switch (p.style()) {
                case "spaceDelimited" -> "%20";
                case "pipeDelimited" -> "|";
                case "tabDelimited" -> "%09";
                default -> ",";
            };
            if (p.style().equals("form") && p.explode()) {
                value.forEach(v -> out.add(name + "=" + encode(v.asText())));
            } else {
                StringJoiner items = new StringJoiner(delimiter);
                value.forEach(v -> items.add(encode(v.asText())));
                out.add(name + "=" + items);
            }
            return out;
        }
        out.add(name + "=" + encode(value.asText()));
        return out;
    }

    /**
     * {@code a,b} of an array, {@code k,v} or (exploded) {@code k=v} of an object, the text of a value, each
     * key and value escaped for where it goes (a path segment, a query, a header as it is).
     */
    private static String joined(JsonNode value, String delimiter, boolean explode,
            java.util.function.UnaryOperator<String> escape) {
        StringJoiner out = new StringJoiner(delimiter);
        if (value.isArray()) {
            value.forEach(v -> out.add(escape.apply(v.asText())));
        } else if (value.isObject()) {
            for (Map.Entry<String, JsonNode> f : value.properties()) {
                String k = escape.apply(f.getKey());
                String v = escape.apply(f.getValue().asText());
                out.add(explode ? k + "=" + v : k + "," + v);
            }
        } else {
            out.add(escape.apply(value.asText()));
        }
        return out.toString();
    }

    private static String verbatim(String text) {
        return text;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
