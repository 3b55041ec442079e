package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.OperationSpec;
import java.io.UncheckedIOException;

/** The declared JSON Schemas of {@code http.request}. */
final class Schemas {
    static final OperationSpec REQUEST = new OperationSpec("http.request",
            "Sends an HTTP request to an absolute http(s) URL and returns its status, headers and body."
                    + " Non-GET/HEAD requests carry an Idempotency-Key header unless one is given.",
            parse("""
                    {"type": "object", "additionalProperties": false, "required": ["url"],
                     "properties": {
                       "method": {"type": "string", "enum": ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
                                  "OPTIONS"], "default": "GET"},
                       "url": {"type": "string", "format": "uri", "description": "absolute http or https URL"},
                       "path": {"type": "string", "description": "reserved: a path against a system's base URL"},
                       "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                       "query": {"type": "object", "description": "an array value repeats the parameter",
                         "additionalProperties": {"oneOf": [{"type": ["string", "number", "boolean", "null"]},
                           {"type": "array", "items": {"type": ["string", "number", "boolean", "null"]}}]}},
                       "body": {"description": "any JSON, sent as application/json; a string is sent as it is when a Content-Type header is given"},
                       "timeout": {"type": "integer", "minimum": 1,
                                   "description": "milliseconds; the step's timeout applies when shorter"}}}
                    """),
            parse("""
                    {"type": "object", "required": ["status", "headers", "body"],
                     "properties": {
                       "status": {"type": "integer"},
                       "headers": {"type": "object", "additionalProperties": {"type": "string"},
                                   "description": "lower-case names; repeated headers joined with ', '"},
                       "body": {"description": "parsed JSON for a JSON content type, else text; null when empty"}}}
                    """));

    private Schemas() {
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
