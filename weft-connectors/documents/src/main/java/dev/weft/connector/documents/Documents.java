package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.BlobRef;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;

/** What both operations read from their input the same way. */
final class Documents {
    static final String FIELD = "document";

    private Documents() {
    }

    /** The input's {@code document}: a blob reference, required. */
    static BlobRef reference(Inputs in, JsonNode input) throws ConnectorException {
        BlobRef ref = in.blob(input, FIELD);
        if (ref == null) {
            throw in.invalid(FIELD, "is required: the blob reference of a PDF, such as the 'body' of an"
                    + " http.request with response: blob, {\"$blob\": \"sha256:…\", \"size\": 48213,"
                    + " \"contentType\": \"application/pdf\"}");
        }
        return ref;
    }

    /** Refuses a call that would read more pages than the system allows. */
    static void checkPages(PageRange range, DocumentsConfig config) throws ConnectorException {
        if (range.size() > config.maxPages()) {
            throw Failures.tooManyPages(FIELD, range.size(), config.maxPages());
        }
    }
}
