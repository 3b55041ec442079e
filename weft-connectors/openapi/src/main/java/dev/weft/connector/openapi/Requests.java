package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Call;
import dev.weft.connector.HttpTransport;
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

    static HttpTransport.Request build(String baseUrl, CallInput.Prepared prepared, Call call) {
        ApiOperation op = prepared.operation();
        String path = op.path();
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<ApiOperation.Parameter, JsonNode> e : prepared.values().entrySet()) {
            ApiOperation.Parameter p = e.getKey();
            JsonNode value = e.getValue();
            switch (p.in()) {
                case "path" -> path = path.replace("{" + p.name() + "}", pathValue(p, value));
                case "query" -> query(p, value).forEach(query::add);
                default -> headers.add(Map.entry(p.name(), joined(value, ",", p.explode(), false)));
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

    private static String pathValue(ApiOperation.Parameter p, JsonNode value) {
        return switch (p.style()) {
            case "label" -> "." + joined(value, p.explode() ? "." : ",", p.explode(), true);
            case "matrix" -> {
                if (value.isArray() && p.explode()) {
                    StringBuilder out = new StringBuilder();
                    value.forEach(
                            v -> out.append(';').append(p.name()).append('=').append(segment(v.asText())));
                    yield out.toString();
                }
                yield ";" + p.name() + "=" + joined(value, ",", p.explode(), true);
            }
            default -> joined(value, ",", p.explode(), true);
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
                out.add(name + "=" + joined(value, ",", false, false));
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

    /** {@code a,b} of an array, {@code k,v} or (exploded) {@code k=v} of an object, the text of a value. */
    private static String joined(JsonNode value, String delimiter, boolean explode, boolean inPath) {
        StringJoiner out = new StringJoiner(delimiter);
        if (value.isArray()) {
            value.forEach(v -> out.add(inPath ? segment(v.asText()) : v.asText()));
        } else if (value.isObject()) {
            for (Map.Entry<String, JsonNode> f : value.properties()) {
                String k = inPath ? segment(f.getKey()) : f.getKey();
                String v = inPath ? segment(f.getValue().asText()) : f.getValue().asText();
                out.add(explode ? k + "=" + v : k + "," + v);
            }
        } else {
            out.add(inPath ? segment(value.asText()) : value.asText());
        }
        return out.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
