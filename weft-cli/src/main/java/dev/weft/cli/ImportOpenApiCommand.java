package dev.weft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.openapi.DocumentException;
import dev.weft.connector.openapi.ImportReport;
import dev.weft.connector.openapi.OpenApiDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code weft connectors import-openapi FILE}: reads an OpenAPI 3.0/3.1 or Swagger 2.0 document and prints
 * what a system of the {@code openapi} connector would make of it.
 */
@Command(name = "import-openapi", mixinStandardHelpOptions = true, description = {
        "Read an OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML) as the openapi connector does.",
        "Prints its title, version, servers, security schemes with the credential type each needs, every"
                + " operation (operationId, method, path, input fields) and every operation it cannot call and"
                + " why. Exit 0 when the document was read, 2 when it cannot be (file:line: problem)."})
final class ImportOpenApiCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "FILE", description = "The OpenAPI document.")
    Path file;

    @Option(names = "--system", paramLabel = "ID", description = "Also print the body of PUT /api/v1/systems/ID for a system of this document.")
    String system;

    @Override
    public Integer call() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println(file + ": cannot read the file: " + e.getMessage());
            return ExitCodes.INVALID;
        }
        OpenApiDocument doc;
        try {
            doc = OpenApiDocument.parse(text, file.toString());
        } catch (DocumentException e) {
            System.err.println(e.getMessage());
            return ExitCodes.INVALID;
        }
        System.out.print(ImportReport.render(doc));
        if (system != null) {
            System.out.println();
            System.out.println("PUT /api/v1/systems/" + system + ":");
            System.out.println(
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ImportReport.systemBody(doc,
                            system)));
            if (doc.securitySchemes().stream().anyMatch(s -> s.credentialType() != null)) {
                System.err.println("store the credential first, with PUT /api/v1/credentials/" + system
                        + "-credential, as the security schemes above say");
            }
        }
        return ExitCodes.OK;
    }
}
