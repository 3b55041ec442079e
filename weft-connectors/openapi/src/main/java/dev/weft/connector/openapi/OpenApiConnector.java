package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import java.io.IOException;
import java.util.List;

/**
 * The {@code openapi} connector: any HTTP API an OpenAPI 3.0, 3.1 or Swagger 2.0 document describes. A
 * system names its document; each of the document's operations is an operation of the system
 * ({@code openapi.get_pet_by_id}), and {@code openapi.call} calls any of them by its {@code operationId}, with
 * input checked against the schemas the document gives. Thread-safe; creating it
 * starts nothing.
 */
@AutoService(Connector.class)
public final class OpenApiConnector implements Connector {
    static final String ID = "openapi";
    static final String OPERATIONS = "openapi.operations";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ConnectorSpec SPEC = ConnectorSpec.builder(ID, "0.1.0")
            .title("OpenAPI")
            .description("Any HTTP API described by an OpenAPI 3.0 or 3.1 or a Swagger 2.0 document (JSON or"
                    + " YAML). A system names the document: `document` (the document itself), `documentUrl`"
                    + " (read through the platform's HTTP transport, without the system's credential unless"
                    + " `documentCredential` is true) or `documentFile` (a .json, .yaml or .yml file on the"
                    + " server); `baseUrl` replaces the document's servers (OpenAPI 3 `servers[0]` with its"
                    + " variables' defaults, a relative one resolved against `documentUrl`; Swagger 2.0"
                    + " `schemes`, `host`, `basePath`). Every operation with an `operationId` is an operation of"
                    + " the system, named `openapi.` and its operationId in snake case (`getPetById` is"
                    + " `openapi.get_pet_by_id`; two operationIds that would share a name are left to"
                    + " `openapi.call`): a flow's step names it with `system`, the gateway retries and caches it"
                    + " by its HTTP method, and `POST /api/v1/systems/{id}/operations/openapi.get_pet_by_id`"
                    + " checks its input against the document. Any of them is also called through"
                    + " `openapi.call`, whose `with` holds `operationId`. `with` holds each path, query and header parameter by"
                    + " its name (by `<in>.<name>`, such as `query.id`, when two parameters share a name or"
                    + " the name is `operationId` or `body`), and the JSON request body under `body`, or, when"
                    + " `body` is not given and the body is an object none of whose property names is a"
                    + " parameter's, as those properties beside the parameters. Required parameters and"
                    + " bodies are checked, and the whole input against the document's schemas, before"
                    + " anything is sent. The output is the answer's status, headers (Content-Type, Location,"
                    + " ETag, Last-Modified, rate-limit headers and those the document declares) and body (JSON,"
                    + " text, or a blob reference for a binary body). Not called: operations without an"
                    + " operationId, with a multipart, form, XML-only or binary body, a cookie parameter or"
                    + " callbacks, or a `$ref` to another document; `openapi.operations` and `weft connectors"
                    + " import-openapi FILE` list them with the reason. The credential is the one the"
                    + " document's security scheme asks for, applied by the gateway: http basic → `basic`,"
                    + " http bearer → `bearer`, apiKey in a header or the query → `apiKey` with the same `in`"
                    + " and `name`, oauth2 clientCredentials → `oauth2ClientCredentials`, oauth2"
                    + " authorizationCode or openIdConnect → `oauth2RefreshToken`. Errors: 401"
                    + " `openapi.unauthorized`, 403 `openapi.forbidden`, 404 `openapi.not_found`, 409"
                    + " `openapi.conflict`, other 4xx `openapi.refused` (permanent, with the answer's message),"
                    + " 429 `openapi.rate_limited` (retryable after the answer's Retry-After or rate-limit"
                    + " headers), 408 and 5xx `openapi.unavailable` (retryable; 501 `openapi.not_implemented`"
                    + " is permanent). Tested against a replay of the documented API of the Swagger Petstore"
                    + " (its OpenAPI 3.0 and 3.1 documents, version 1.0.x, and its Swagger 2.0 document),"
                    + " not a running pet store.")
            .config(parse(
                    """
                            {"type": "object", "additionalProperties": false, "properties": {
                              "document": {"type": ["object", "string"], "description": "the OpenAPI document itself: an object, or its JSON or YAML text"},
                              "documentUrl": {"type": "string", "pattern": "^https?://", "description": "where to read the document, through the platform's HTTP transport (egress rules apply)"},
                              "documentFile": {"type": "string", "pattern": "\\\\.(json|ya?ml)$", "description": "a .json, .yaml or .yml file on the server"},
                              "documentCredential": {"type": "boolean", "default": false, "description": "send the system's credential with the request for documentUrl"},
                              "baseUrl": {"type": "string", "pattern": "^https?://", "description": "the API's root URL; replaces the document's servers"}}}"""))
            .credentials(CredentialType.BASIC, CredentialType.BEARER, CredentialType.API_KEY,
                    CredentialType.OAUTH2_CLIENT_CREDENTIALS, CredentialType.OAUTH2_REFRESH_TOKEN,
                    CredentialType.OAUTH2_JWT_BEARER, CredentialType.SESSION_LOGIN)
            .operation(new OperationSpec(CallInput.OPERATION,
                    "Calls one operation of the system's document by"
                            + " its operationId. The input's other fields are the operation's parameters and body as"
                            + " the merge rule above says; `openapi.operations` gives each operation's own input and"
                            + " output schema. GET, HEAD, OPTIONS, PUT and DELETE calls may be retried by the gateway,"
                            + " and GET, HEAD and OPTIONS answered from a system's response cache.",
                    parse("""
                            {"type": "object", "required": ["operationId"], "properties": {
                              "operationId": {"type": "string", "minLength": 1, "description": "the operation to call, as the document names it"},
                              "body": {"description": "the JSON request body (or give its properties beside the parameters)"}},
                             "additionalProperties": {"description": "a parameter of the operation, by name (or <in>.<name>), or a property of its body"}}"""),
                    parse("""
                            {"type": "object", "required": ["status", "headers", "body"], "additionalProperties": false, "properties": {
                              "status": {"type": "integer", "description": "the HTTP status, 2xx"},
                              "headers": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Content-Type, Location, ETag, Last-Modified, rate-limit headers and the headers the document declares, lower case"},
                              "body": {"description": "JSON as the document describes it, text, a blob reference for a binary body, or null when there is none"}}}"""),
                    false, false, List.of(
                            new Example("Get a pet by its id (path parameter)",
                                    parse("{\"operationId\": \"getPetById\", \"petId\": 10}"),
                                    parse("{\"status\": 200, \"headers\": {\"content-type\": \"application/json\"},"
                                            + " \"body\": {\"id\": 10, \"name\": \"doggie\", \"photoUrls\": [],"
                                            + " \"status\": \"available\"}}")),
                            new Example("Add a pet, the body given as its properties",
                                    parse("{\"operationId\": \"addPet\", \"name\": \"doggie\", \"photoUrls\":"
                                            + " [\"https://img.example/d.png\"], \"status\": \"available\"}"),
                                    null),
                            new Example("Find pets by status (query parameter)",
                                    parse("{\"operationId\": \"findPetsByStatus\", \"status\": \"sold\"}"),
                                    null))))
            .operation(new OperationSpec(OPERATIONS, "Lists the operations of the system's document with the"
                    + " input and output JSON Schema of each, its security schemes with the credential type"
                    + " each needs, and the operations that cannot be called with the reason. Reads the"
                    + " document only.",
                    parse("{\"type\": \"object\", \"additionalProperties\": false}"),
                    parse("""
                            {"type": "object", "required": ["title", "version", "openapi", "baseUrl", "securitySchemes", "operations", "unmapped"], "properties": {
                              "title": {"type": "string"}, "version": {"type": "string"},
                              "openapi": {"type": "string", "description": "3.0.x, 3.1.x or 2.0"},
                              "baseUrl": {"type": ["string", "null"], "description": "where calls go; null when the document names no absolute server and the system no baseUrl"},
                              "securitySchemes": {"type": "array", "items": {"type": "object", "required": ["name", "kind", "credentialType", "how"], "properties": {
                                "name": {"type": "string"}, "kind": {"type": "string"},
                                "credentialType": {"type": ["string", "null"], "description": "the vault credential type that satisfies it, or null"},
                                "how": {"type": "string"}}}},
                              "operations": {"type": "array", "items": {"type": "object", "required": ["operationId", "method", "path", "summary", "input", "output"], "properties": {
                                "operationId": {"type": "string"}, "method": {"type": "string"}, "path": {"type": "string"},
                                "summary": {"type": "string"}, "input": {"type": "object"}, "output": {"type": "object"}}}},
                              "unmapped": {"type": "array", "items": {"type": "object", "required": ["operationId", "method", "path", "reasons"], "properties": {
                                "operationId": {"type": ["string", "null"]}, "method": {"type": "string"}, "path": {"type": "string"},
                                "reasons": {"type": "array", "items": {"type": "string"}}}}}}}"""),
                    true, true, List.of(new Example("List what the document offers", parse("{}"), null))))
            .build();

    @Override
    public ConnectorSpec spec() {
        return SPEC;
    }

    /** The declared operations' names: no operationId of a document may take one of them. */
    static final java.util.Set<String> DECLARED = SPEC.operations().stream().map(op -> op.name())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Each system offers its document's operations as its own: {@code openapi.get_pet_by_id}. */
    @Override
    public boolean systemOperations() {
        return true;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new OpenApiClient(context, OpenApiConfig.read(context.config()));
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a declaration schema is not JSON: " + json, e);
        }
    }
}
