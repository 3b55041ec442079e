package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The {@code http} connector's declaration: its system configuration and {@code http.request}; the other
 * operations and the trigger declare themselves next to their code.
 */
final class Schemas {
    /** The target of a GET: {@code url} or {@code path}, {@code headers}, {@code query}, {@code timeout}. */
    static final String GET_PROPERTIES = """
            "url": {"type": "string", "format": "uri",
                    "description": "absolute http or https URL; with a system that has a baseUrl, it must have the same origin"},
            "path": {"type": "string", "description": "appended to the system's baseUrl, for example /customers/42"},
            "headers": {"type": "object", "additionalProperties": {"type": "string"}},
            "query": {"type": "object", "description": "an array value repeats the parameter",
              "additionalProperties": {"oneOf": [{"type": ["string", "number", "boolean", "null"]},
                {"type": "array", "items": {"type": ["string", "number", "boolean", "null"]}}]}},
            "timeout": {"type": "integer", "minimum": 1,
                        "description": "milliseconds for each request; a step's own timeout applies when shorter (http.poll: default 30000)"}""";

    static final OperationSpec REQUEST = new OperationSpec("http.request",
            "Sends an HTTP request and returns its status, headers and body. The target is `path` under the"
                    + " system's `baseUrl`, or an absolute http(s) `url`. The body is one of `body` (JSON, or"
                    + " text with a Content-Type header), `form` (application/x-www-form-urlencoded) and"
                    + " `multipart` (multipart/form-data: fields and files), encoded once, so that an HMAC"
                    + " signature covers the bytes sent. Non-GET/HEAD requests carry an Idempotency-Key"
                    + " header unless one is given. The system's credential authorizes the request; a 401"
                    + " renews an OAuth 2.0 token and tries once more. Redirects are not followed: a 3xx is"
                    + " the step's error. A GET, HEAD, OPTIONS, PUT or DELETE is"
                    + " repeatable (RFC 9110): a system's `retry` policy retries it as if the operation were"
                    + " idempotent. Large bodies go through the blob store:"
                    + " `response: blob` streams the response body into it and returns its reference as"
                    + " `body`; `bodyBlob` streams a stored blob as the request body.",
            parse("""
                    {"type": "object", "additionalProperties": false,
                     "oneOf": [{"required": ["url"]}, {"required": ["path"]}],
                     "not": {"anyOf": [{"required": ["body", "form"]}, {"required": ["body", "multipart"]},
                                       {"required": ["form", "multipart"]}, {"required": ["bodyBlob", "body"]},
                                       {"required": ["bodyBlob", "form"]}, {"required": ["bodyBlob", "multipart"]}]},
                     "properties": {
                       "method": {"type": "string", "enum": ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
                                  "OPTIONS"], "default": "GET"},
                       %s,
                       "body": {"description": "any JSON, sent as application/json; a string is sent as it is when a Content-Type header is given"},
                       "form": {"type": "object",
                                "description": "fields sent as application/x-www-form-urlencoded (UTF-8); an array value repeats the field, null leaves it out",
                                "additionalProperties": {"oneOf": [{"type": ["string", "number", "boolean", "null"]},
                                  {"type": "array", "items": {"type": ["string", "number", "boolean", "null"]}}]}},
                       "multipart": {"type": "array", "minItems": 1,
                         "description": "parts sent as multipart/form-data, in order: each {name, value} (a form field) or {name, content (text, or JSON sent as application/json) or base64 (bytes), filename, contentType} (a file)",
                         "items": {"type": "object", "required": ["name"], "additionalProperties": false,
                           "properties": {
                             "name": {"type": "string", "minLength": 1},
                             "value": {"type": ["string", "number", "boolean"]},
                             "content": {},
                             "base64": {"type": "string", "contentEncoding": "base64"},
                             "filename": {"type": "string"},
                             "contentType": {"type": "string"}}}},
                       "bodyBlob": {"type": "object", "required": ["$blob", "size"], "additionalProperties": false,
                         "properties": {"$blob": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
                           "size": {"type": "integer", "minimum": 0}, "contentType": {"type": "string"}},
                         "description": "a blob reference (a download's body, an upload's answer) whose bytes are streamed as the body, with its content type unless a Content-Type header is given; not with body, nor with an HMAC credential."},
                       "response": {"type": "string", "enum": ["auto", "blob"], "default": "auto",
                         "description": "auto: JSON or text; blob: a 2xx body is streamed into the blob store (up to blobs.maxSize) and body is its reference."}}}
                    """
                    .formatted(GET_PROPERTIES)),
            parse("""
                    {"type": "object", "required": ["status", "headers", "body"],
                     "properties": {
                       "status": {"type": "integer"},
                       "headers": {"type": "object", "additionalProperties": {"type": "string"},
                                   "description": "lower-case names; repeated headers joined with ', '"},
                       "body": {"description": "parsed JSON for a JSON content type, else text; null when empty; with response: blob, the blob reference {$blob, size, contentType}"}}}
                    """),
            false,
            List.of(new Example("Create a customer under the system's base URL",
                    parse("""
                            {"method": "POST", "path": "/customers", "body": {"name": "Ada"}}
                            """),
                    parse("""
                            {"status": 201, "headers": {"content-type": "application/json"},
                             "body": {"id": 42, "name": "Ada"}}
                            """)),
                    new Example("Read a page of orders from an absolute URL",
                            parse("""
                                    {"url": "https://shop.example.com/api/orders", "query": {"page": 2}}
                                    """),
                            null),
                    new Example("Download an invoice PDF into the blob store",
                            parse("""
                                    {"path": "/invoices/42.pdf", "response": "blob"}
                                    """),
                            parse("""
                                    {"status": 200, "headers": {"content-type": "application/pdf"},
                                     "body": {"$blob": "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                              "size": 48213, "contentType": "application/pdf"}}
                                    """)),
                    new Example("Upload a stored blob as the request body",
                            parse("""
                                    {"method": "PUT", "path": "/archive/42.pdf",
                                     "bodyBlob": {"$blob": "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                                  "size": 48213, "contentType": "application/pdf"}}
                                    """),
                            null),
                    new Example("Post a form",
                            parse("""
                                    {"method": "POST", "path": "/oauth/revoke",
                                     "form": {"token": "{{ input.token }}", "scope": ["read", "write"]}}
                                    """),
                            null),
                    new Example("Upload a file with a field",
                            parse("""
                                    {"method": "POST", "path": "/documents",
                                     "multipart": [{"name": "title", "value": "Invoice 42"},
                                                   {"name": "file", "filename": "invoice-42.csv",
                                                    "contentType": "text/csv", "content": "item,amount\\nwidget,10\\n"}]}
                                    """),
                            null)));

    /** The system's configuration. */
    static final JsonNode CONFIG = parse(
            """
                    {"type": "object", "additionalProperties": false,
                     "properties": {
                       "baseUrl": {"type": "string", "format": "uri",
                                   "description": "http(s) URL that operation paths are appended to; credentials are sent to this origin only"}}}
                    """);

    private Schemas() {
    }

    static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
