package dev.weft.connector.salesforce;

import static dev.weft.connector.salesforce.SalesforceConnector.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Bulk API 2.0 ingest jobs, in two operations so that no step holds a thread while Salesforce works:
 * {@code salesforce.bulk_ingest} creates a job, uploads its CSV (one upload per job, as Bulk API 2.0 takes
 * it) and closes it ({@code UploadComplete}), answering the job's id at once; {@code salesforce.bulk_status}
 * reads the job's state and, when it is done, its results. A flow waits between the two with a durable wait
 * (a {@code wait} step, or a loop). Stateless.
 */
final class BulkIngest {
    /** Salesforce takes at most 150 MB of base64 per job: about 100 MB of CSV. */
    static final long MAX_CSV_BYTES = 100L * 1024 * 1024;
    private static final Set<String> OPERATIONS = Set.of("insert", "update", "upsert", "delete",
            "hardDelete");
    private static final Set<String> DONE = Set.of("JobComplete", "Failed", "Aborted");

    static final OperationSpec INGEST = Operations.op("salesforce.bulk_ingest", "Starts a Bulk API 2.0"
            + " ingest job for a large load: creates the job, uploads the data as CSV (`PUT .../batches`) and"
            + " closes it (`UploadComplete`), then answers its `jobId` at once, without waiting for Salesforce to"
            + " process it; read its progress and results with `salesforce.bulk_status` after a `wait` step."
            + " The data is exactly one of `records` (JSON objects, written as CSV: a parent by external id as"
            + " `{\"Account\": {\"ERP_Id__c\": \"C-12\"}}`, null clears a field), `csv` (text with a header row)"
            + " or `csvBlob` (a blob reference, streamed, for files too large for a step's input). One job takes"
            + " at most 100 MB of CSV; split larger loads into several jobs. Not idempotent: a retried step"
            + " starts a second job.",
            Operations.obj("\"object\", \"operation\"",
                    """
                            "object": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_]*$", "description": "the sObject, such as Contact"},
                            "operation": {"type": "string", "enum": ["insert", "update", "upsert", "delete", "hardDelete"]},
                            "externalIdFieldName": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_]*$", "description": "the external id field matched by an upsert (required for upsert)"},
                            "records": {"type": "array", "minItems": 1, "items": {"type": "object"}},
                            "csv": {"type": "string", "minLength": 1},
                            "csvBlob": {"type": "object", "required": ["$blob"], "description": "a blob reference to CSV data"},
                            "lineEnding": {"type": "string", "enum": ["LF", "CRLF"], "default": "LF"}"""),
            """
                    {"type": "object", "required": ["jobId", "state"], "properties": {
                      "jobId": {"type": "string"}, "state": {"type": "string"},
                      "object": {"type": "string"}, "operation": {"type": "string"}}}""",
            false, false,
            new Example("Upsert contacts by their ERP number",
                    parse("""
                            {"object": "Contact", "operation": "upsert", "externalIdFieldName": "ERP_Id__c",
                             "records": [{"ERP_Id__c": "P-1", "LastName": "Lovelace", "Account": {"ERP_Id__c": "C-12"}},
                                         {"ERP_Id__c": "P-2", "LastName": "Hopper", "Email": null}]}"""),
                    null));

    static final OperationSpec STATUS = Operations.op("salesforce.bulk_status", "Reads a Bulk API 2.0 ingest"
            + " job: its `state` (Open, UploadComplete, InProgress, JobComplete, Failed, Aborted) and counts;"
            + " `done` once it is JobComplete, Failed or Aborted. When done (JobComplete or Failed), the whole"
            + " successful and failed results are stored as CSV blobs (`sf__Id`, `sf__Created` / `sf__Error`, then"
            + " the uploaded columns) and the first `maxFailures` failed rows are in `failures`. Loop on it with a"
            + " wait step between reads until `done`. Idempotent, never answered from a cache (the state moves).",
            Operations.obj("\"jobId\"",
                    """
                            "jobId": {"type": "string", "pattern": "^750[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$", "description": "the job's id, as salesforce.bulk_ingest answered it"},
                            "maxFailures": {"type": "integer", "minimum": 0, "maximum": 1000, "default": 100}"""),
            """
                    {"type": "object", "required": ["jobId", "state", "done"], "properties": {
                      "jobId": {"type": "string"}, "state": {"type": "string"}, "done": {"type": "boolean"},
                      "object": {"type": "string"}, "operation": {"type": "string"},
                      "numberRecordsProcessed": {"type": "integer"}, "numberRecordsFailed": {"type": "integer"},
                      "errorMessage": {"type": "string"},
                      "successfulResults": {"type": "object", "description": "a blob reference to the CSV of the records that succeeded"},
                      "failedResults": {"type": "object", "description": "a blob reference to the CSV of the records that failed"},
                      "failures": {"type": "array", "items": {"type": "object"}, "description": "the first failed rows, sf__Error first"},
                      "failuresTruncated": {"type": "boolean"}}}""",
            true, false, new Example("Read a job's progress", parse("""
                    {"jobId": "750RO00000BuLkAYAV"}"""), null));

    private BulkIngest() {
    }

    static JsonNode ingest(SalesforceApi api, SystemContext context, Call call) throws ConnectorException {
        Inputs in = Inputs.ofOperation("salesforce.bulk_ingest");
        JsonNode input = call.input();
        String object = in.required(input, "object", "Contact");
        String operation = in.required(input, "operation", "insert");
        if (!OPERATIONS.contains(operation)) {
            throw in.invalid("operation",
                    "must be one of insert, update, upsert, delete, hardDelete, but was "
                            + operation);
        }
        String externalId = in.text(input, "externalIdFieldName", null);
        if (operation.equals("upsert") && externalId == null) {
            throw in.invalid("externalIdFieldName", "is required for an upsert: the external id field that"
                    + " matches records, such as ERP_Id__c");
        }
        String lineEnding = in.text(input, "lineEnding", "LF");
        HttpTransport.Body data = data(in, input, context, lineEnding.equals("CRLF") ? "\r\n" : "\n");

        ObjectNode job = JsonNodeFactory.instance.objectNode().put("object", object)
                .put("operation", operation)
                .put("contentType", "CSV").put("lineEnding", lineEnding);
        if (externalId != null) {
            job.put("externalIdFieldName", externalId);
        }
        String jobs = api.data() + "/jobs/ingest";
        JsonNode created = api.json(api.send("POST", jobs, job, call, 200, 201), "POST /jobs/ingest");
        String id = created.path("id").asText();
        if (!id.matches("750[A-Za-z0-9]{12}([A-Za-z0-9]{3})?")) {
            throw ConnectorException.permanent("salesforce.unexpected_answer", "POST /jobs/ingest answered no"
                    + " job id: " + created, null, null);
        }
        try {
            api.upload("PUT", jobs + "/" + id + "/batches", data, call, 201);
        } catch (ConnectorException e) {
            throw SalesforceErrors.withMessage(e, e.getMessage() + " (job " + id + " is left Open and"
                    + " unprocessed)");
        }
        JsonNode closed = api.json(api.send("PATCH", jobs + "/" + id,
                JsonNodeFactory.instance.objectNode().put("state", "UploadComplete"), call, 200),
                "PATCH /jobs/ingest/{id}");
        return JsonNodeFactory.instance.objectNode().put("jobId", id)
                .put("state", closed.path("state").asText("UploadComplete")).put("object", object)
                .put("operation", operation);
    }

    private static HttpTransport.Body data(Inputs in, JsonNode input, SystemContext context,
            String lineEnding)
            throws ConnectorException {
        List<String> given = java.util.stream.Stream.of("records", "csv", "csvBlob").filter(input::hasNonNull)
                .toList();
        if (given.size() != 1) {
            throw in.invalid(given.isEmpty() ? "records" : given.get(1),
                    "give exactly one of records, csv and"
                            + " csvBlob, but " + (given.isEmpty() ? "none was given" : "got " + given));
        }
        byte[] bytes;
        switch (given.get(0)) {
            case "records" -> {
                try {
                    bytes = Csv.write(input.get("records"), lineEnding).getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw in.invalid("records", e.getMessage());
                }
            }
            case "csv" -> bytes = in.text(input, "csv", "").getBytes(StandardCharsets.UTF_8);
            default -> {
                BlobRef ref = in.blob(input, "csvBlob");
                if (ref.size() > MAX_CSV_BYTES) {
                    throw in.invalid("csvBlob",
                            "is " + ref.size() + " bytes; one Bulk API 2.0 job takes at most"
                                    + " " + MAX_CSV_BYTES
                                    + " (100 MB) of CSV: split the load into several jobs");
                }
                return new HttpTransport.Body.Streamed(() -> {
                    try {
                        return context.blobs().open(ref);
                    } catch (ConnectorException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                }, ref.size(), "text/csv");
            }
        }
        if (bytes.length > MAX_CSV_BYTES) {
            throw in.invalid(given.get(0),
                    "makes " + bytes.length + " bytes of CSV; one Bulk API 2.0 job takes"
                            + " at most 100 MB: split the load into several jobs");
        }
        return new HttpTransport.Body.Bytes(bytes, "text/csv");
    }

    static JsonNode status(SalesforceApi api, SystemContext context, Call call) throws ConnectorException {
        Inputs in = Inputs.ofOperation("salesforce.bulk_status");
        String id = in.required(call.input(), "jobId", "750RO00000BuLkAYAV");
        if (!id.matches("750[A-Za-z0-9]{12}([A-Za-z0-9]{3})?")) {
            throw in.invalid("jobId", "must be a Bulk API 2.0 job id (15 or 18 characters, starting 750), but"
                    + " was " + id);
        }
        int maxFailures = in.integer(call.input(), "maxFailures", 100, 0, 1000);
        String path = api.data() + "/jobs/ingest/" + id;
        JsonNode job = api.json(api.send("GET", path, null, call, 200), "GET /jobs/ingest/{id}");
        String state = job.path("state").asText();
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("jobId", id).put("state", state)
                .put("done", DONE.contains(state)).put("object", job.path("object").asText())
                .put("operation", job.path("operation").asText())
                .put("numberRecordsProcessed", job.path("numberRecordsProcessed").asLong())
                .put("numberRecordsFailed", job.path("numberRecordsFailed").asLong());
        if (job.hasNonNull("errorMessage")) {
            out.put("errorMessage", job.get("errorMessage").asText());
        }
        if (!state.equals("JobComplete") && !state.equals("Failed")) {
            return out;
        }
        out.set("successfulResults", store(api, context, call, path + "/successfulResults/").toJson());
        BlobRef failed = store(api, context, call, path + "/failedResults/");
        out.set("failedResults", failed.toJson());
        ArrayNode failures = out.putArray("failures");
        try (InputStream stream = context.blobs().open(failed);
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            failures.addAll(Csv.read(reader, maxFailures));
            out.put("failuresTruncated", reader.read() != -1);
        } catch (IOException e) {
            throw ConnectorException.retryable("blob.storage", "cannot read the failed results of job " + id
                    + " back from the blob store: " + e.getMessage(), null, e);
        }
        return out;
    }

    private static BlobRef store(SalesforceApi api, SystemContext context, Call call, String path)
            throws ConnectorException {
        try (HttpTransport.Response response = api.download(path, call, "text/csv")) {
            return context.blobs().put(response.stream(), "text/csv");
        } catch (IOException e) {
            throw ConnectorException.retryable("salesforce.unavailable", "GET " + path.substring(
                    api.data().length()) + " broke off: " + e.getMessage(), null, e);
        }
    }
}
