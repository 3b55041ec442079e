package dev.weft.connector.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;

/**
 * The {@code documents} connector: reads PDFs from the tenant's blob store with Apache PDFBox (text by page,
 * metadata), Tabula (tables), and extracts invoices by layout rules, completed by an llm system when one is
 * configured. It opens no connection of its own. Thread-safe; creating it opens nothing.
 */
@AutoService(Connector.class)
public final class DocumentsConnector implements Connector {

    @Override
    public ConnectorSpec spec() {
        return Schemas.SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new Client(context, DocumentsConfig.parse(context.config()));
    }

    /** One system's client: its context and configuration. Thread-safe: each call opens its own document. */
    private record Client(SystemContext context, DocumentsConfig config) implements SystemClient {
        @Override
        public JsonNode invoke(Call call) throws ConnectorException {
            return switch (call.operation()) {
                case ReadOperation.NAME -> ReadOperation.run(context, config, call);
                case InvoiceOperation.NAME -> InvoiceOperation.run(context, config, call);
                default -> throw ConnectorException.permanent("documents.unknown_operation",
                        "the documents connector has no operation '" + call.operation() + "'; it has "
                                + ReadOperation.NAME + " and " + InvoiceOperation.NAME,
                        null, null);
            };
        }

        @Override
        public ConnectionTest test() {
            String llm = config.llmSystem() == null
                    ? "no llm system (invoice fields come from the layout rules only)"
                    : "llm system '" + config.llmSystem() + "' completes invoice fields";
            return ConnectionTest.ok("documents are read from the tenant's blob store, up to "
                    + config.maxBytes() + " bytes and " + config.maxPages() + " pages; " + llm);
        }

        @Override
        public void close() {
            // nothing is held between calls: each call opens and closes its own document
        }
    }
}
