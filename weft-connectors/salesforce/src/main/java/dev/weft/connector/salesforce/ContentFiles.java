package dev.weft.connector.salesforce;

import static dev.weft.connector.salesforce.SalesforceConnector.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Example;
import dev.weft.connector.HttpTransport;
import dev.weft.connector.Inputs;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * Files (Salesforce Files, {@code ContentVersion}): a blob uploaded as a new file, optionally shared with a
 * record, in a multipart request whose first part is the record's fields and whose second the bytes,
 * streamed from the blob store; and a file's bytes downloaded into the blob store. Neither holds a file in
 * memory. Stateless.
 */
final class ContentFiles {
    /** ContentVersion takes files of at most 2 GB through the REST API. */
    static final long MAX_BYTES = 2L * 1024 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    static final OperationSpec UPLOAD = Operations.op("salesforce.upload_file", "Uploads a blob (an invoice"
            + " PDF, a signed contract) as a Salesforce File (a new `ContentVersion`, streamed in a multipart"
            + " request, up to 2 GB) and, with `linkTo`, shares it with a record (an account, an opportunity, an"
            + " order), where it shows under Files. Answers the ContentVersion's id. Not idempotent: a retried"
            + " step uploads a second version.",
            Operations.obj("\"file\", \"pathOnClient\"",
                    """
                            "file": {"type": "object", "required": ["$blob"], "description": "a blob reference, as a download or an earlier step answered it"},
                            "pathOnClient": {"type": "string", "minLength": 1, "description": "the file's name with its extension, such as INV-2026-0007.pdf (Salesforce derives the file type from it)"},
                            "title": {"type": "string", "minLength": 1, "description": "the title shown; the name without extension by default"},
                            "description": {"type": "string"},
                            "linkTo": {"type": "string", "pattern": "^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$", "description": "the id of the record to share the file with (FirstPublishLocationId)"}"""),
            """
                    {"type": "object", "required": ["contentVersionId"], "properties": {
                      "contentVersionId": {"type": "string", "description": "the new ContentVersion's id"}}}""",
            false, false,
            new Example("Attach an invoice PDF to an opportunity",
                    parse("""
                            {"file": {"$blob": "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "size": 48213, "contentType": "application/pdf"},
                             "pathOnClient": "INV-2026-0007.pdf", "linkTo": "006RO00000XyZaBYAV"}"""),
                    null));

    static final OperationSpec DOWNLOAD = Operations.op("salesforce.download_file", "Downloads a Salesforce"
            + " File's bytes (a `ContentVersion`'s `VersionData`) into the blob store and answers the blob"
            + " reference, which later steps pass on (to a mail attachment, a file system, another system).",
            Operations.obj("\"contentVersionId\"",
                    """
                            "contentVersionId": {"type": "string", "pattern": "^068[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$", "description": "the ContentVersion's id (068...)"}"""),
            """
                    {"type": "object", "required": ["file"], "properties": {
                      "file": {"type": "object", "required": ["$blob", "size"], "description": "a blob reference to the file's bytes"}}}""",
            true, true, new Example("Download a contract", parse("""
                    {"contentVersionId": "068RO00000FiLeAYAV"}"""), null));

    private ContentFiles() {
    }

    static JsonNode upload(SalesforceApi api, SystemContext context, Call call) throws ConnectorException {
        Inputs in = Inputs.ofOperation("salesforce.upload_file");
        JsonNode input = call.input();
        BlobRef file = in.blob(input, "file");
        if (file == null) {
            throw in.invalid("file", "is required: a blob reference such as {\"$blob\": \"sha256:...\"}");
        }
        if (file.size() > MAX_BYTES) {
            throw in.invalid("file", "is " + file.size() + " bytes; Salesforce takes files of at most 2 GB");
        }
        String path = in.required(input, "pathOnClient", "INV-2026-0007.pdf");
        ObjectNode fields = JsonNodeFactory.instance.objectNode().put("PathOnClient", path)
                .put("Title",
                        in.text(input, "title", path.contains(".")
                                ? path.substring(0, path.lastIndexOf('.'))
                                : path));
        String description = in.text(input, "description", null);
        if (description != null) {
            fields.put("Description", description);
        }
        String linkTo = in.text(input, "linkTo", null);
        if (linkTo != null) {
            if (!linkTo.matches("[A-Za-z0-9]{15}([A-Za-z0-9]{3})?")) {
                throw in.invalid("linkTo", "must be a record id of 15 or 18 letters and digits, but was '"
                        + linkTo + "'");
            }
            fields.put("FirstPublishLocationId", linkTo);
        }
        String boundary = "weft-" + UUID.randomUUID();
        byte[] head;
        try {
            head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"entity_content\"\r\n"
                    + "Content-Type: application/json\r\n\r\n" + JSON.writeValueAsString(fields) + "\r\n--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"VersionData\"; filename=\""
                    + path.replace("\"", "") + "\"\r\nContent-Type: " + file.contentType() + "\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException impossible) {
            throw new IllegalStateException("a JSON tree always serializes", impossible);
        }
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpTransport.Body body = new HttpTransport.Body.Streamed(() -> {
            InputStream bytes;
            try {
                bytes = context.blobs().open(file);
            } catch (ConnectorException e) {
                throw new IOException(e.getMessage(), e);
            }
            return new SequenceInputStream(java.util.Collections.enumeration(List.of(
                    new ByteArrayInputStream(head), bytes, new ByteArrayInputStream(tail))));
        }, head.length + file.size() + tail.length, "multipart/form-data; boundary=\"" + boundary + "\"");
        JsonNode created = api.json(
                api.upload("POST", api.data() + "/sobjects/ContentVersion", body, call, 201),
                "POST /sobjects/ContentVersion");
        return JsonNodeFactory.instance.objectNode().put("contentVersionId", created.path("id").asText());
    }

    static JsonNode download(SalesforceApi api, SystemContext context, Call call) throws ConnectorException {
        Inputs in = Inputs.ofOperation("salesforce.download_file");
        String id = in.required(call.input(), "contentVersionId", "068RO00000FiLeAYAV");
        if (!id.matches("068[A-Za-z0-9]{12}([A-Za-z0-9]{3})?")) {
            throw in.invalid("contentVersionId", "must be a ContentVersion id (15 or 18 characters, starting"
                    + " 068), but was '" + id + "'");
        }
        try (HttpTransport.Response response = api.download(api.data() + "/sobjects/ContentVersion/" + id
                + "/VersionData", call, "*/*")) {
            String length = response.header("Content-Length");
            if (length != null && length.matches("\\d{1,18}")) {
                context.blobs().checkSize(Long.parseLong(length));
            }
            String type = response.header("Content-Type");
            BlobRef ref = context.blobs().put(response.stream(),
                    type == null ? null : type.split(";")[0].strip());
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            out.set("file", ref.toJson());
            return out;
        } catch (IOException e) {
            throw ConnectorException.retryable("salesforce.unavailable", "GET /sobjects/ContentVersion/" + id
                    + "/VersionData broke off: " + e.getMessage(), null, e);
        }
    }
}
