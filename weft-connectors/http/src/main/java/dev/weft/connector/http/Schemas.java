package dev.weft.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import java.io.UncheckedIOException;
import java.util.List;

/** The {@code http} connector's declaration: its system configuration and {@code http.request}. */
final class Schemas {
    static final OperationSpec REQUEST = new OperationSpec("http.request",
            "Sends an HTTP request and returns its status, headers and body. The target is `path` under the"
                    + " system's `baseUrl`, or an absolute http(s) `url`. Non-GET/HEAD requests carry an"
                    + " Idempotency-Key header unless one is given. The system's credential authorizes the"
                    + " request; a 401 renews an OAuth 2.0 token and tries once more. Redirects are not"
                    + " followed: a 3xx is the step's error. Large bodies go through the blob store:"
                    + " `response: blob` streams the response body into it and returns its reference as"
                    + " `body`; `bodyBlob` streams a stored blob as the request body.",
            parse("""
                    {"type": "object", "additionalProperties": false,
                     "oneOf": [{"required": ["url"]}, {"required": ["path"]}],
                     "properties": {
                       "method": {"type": "string", "enum": ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
                                  "OPTIONS"], "default": "GET"},
                       "url": {"type": "string", "format": "uri",
                               "description": "absolute http or https URL; with a system that has a baseUrl, it must have the same origin"},
                       "path": {"type": "string", "description": "appended to the system's baseUrl, for example /customers/42"},
                       "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                       "query": {"type": "object", "description": "an array value repeats the parameter",
                         "additionalProperties": {"oneOf": [{"type": ["string", "number", "boolean", "null"]},
                           {"type": "array", "items": {"type": ["string", "number", "boolean", "null"]}}]}},
                       "body": {"description": "any JSON, sent as application/json; a string is sent as it is when a Content-Type header is given"},
                       "timeout": {"type": "integer", "minimum": 1,
                                   "description": "milliseconds; the step's timeout applies when shorter"},
                       "bodyBlob": {"type": "object", "required": ["$blob", "size"], "additionalProperties": false,
                         "properties": {"$blob": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
                           "size": {"type": "integer", "minimum": 0}, "contentType": {"type": "string"}},
                         "description": "a blob reference (a download's body, an upload's answer) whose bytes are streamed as the body, with its content type unless a Content-Type header is given; not with body, nor with an HMAC credential."},
                       "response": {"type": "string", "enum": ["auto", "blob"], "default": "auto",
                         "description": "auto: JSON or text; blob: a 2xx body is streamed into the blob store (up to blobs.maxSize) and body is its reference."}}}
                    """),
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
                            null)));

    static final ConnectorSpec SPEC = ConnectorSpec.builder("http", "1.0.0")
            .title("HTTP")
            .description(
                    "Calls any HTTP API. A system holds the base URL and the credential; without a system"
                            + " a step names absolute URLs and sends no credential.")
            .config(parse(
                    """
                            {"type": "object", "additionalProperties": false,
                             "properties": {
                               "baseUrl": {"type": "string", "format": "uri",
                                           "description": "http(s) URL that operation paths are appended to; credentials are sent to this origin only"}}}
                            """))
            .credentials(CredentialType.BASIC, CredentialType.BEARER, CredentialType.API_KEY,
                    CredentialType.OAUTH2_CLIENT_CREDENTIALS, CredentialType.OAUTH2_REFRESH_TOKEN,
                    CredentialType.HMAC)
            .operation(REQUEST)
            .build();

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
