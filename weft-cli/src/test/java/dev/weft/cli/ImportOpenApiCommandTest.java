package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportOpenApiCommandTest {
    private static final Path PETSTORE = Path.of("..", "weft-connectors", "openapi", "src", "test",
            "resources",
            "petstore-3.0.yaml");

    @TempDir
    Path dir;

    @Test
    void thePetStoreDocumentYieldsAnOperationPerOperationIdAndTheReasonsForTheRest() {
        CommandLineRun run = CommandLineRun.weft("connectors", "import-openapi", PETSTORE.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        List<String> operations = new ArrayList<>();
        boolean in = false;
        for (String line : run.out().lines().toList()) {
            if (line.startsWith("operations (")) {
                in = true;
            } else if (!line.startsWith("  ")) {
                in = false;
            } else if (in && !line.startsWith("      ")) {
                operations.add(line.strip().split("\\s+")[0]);
            }
        }
        assertThat(operations).containsExactly("updatePet", "addPet", "findPetsByStatus", "findPetsByTags",
                "getPetById", "updatePetWithForm", "deletePet", "getInventory", "placeOrder", "getOrderById",
                "deleteOrder", "createUser", "createUsersWithListInput", "loginUser", "logoutUser",
                "getUserByName", "updateUser", "deleteUser");
        assertThat(run.out()).contains("api_key: apiKey in header 'api_key' -> apiKey")
                .contains("      input: petId* (path, integer)")
                .contains("not mapped (5):")
                .contains("trackOrder GET /store/order/{orderId}/track: cookie parameter 'session'");
    }

    @Test
    void withSystemItPrintsTheBodyToPutAndABrokenDocumentIsReportedByLine() throws Exception {
        CommandLineRun run = CommandLineRun.weft("connectors", "import-openapi", PETSTORE.toString(),
                "--system",
                "pets");
        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("PUT /api/v1/systems/pets:", "\"connector\" : \"openapi\"",
                "\"credential\" : \"pets-credential\"");

        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "openapi: 3.0.3\ninfo:\n  title: [oops\npaths: {}\n");
        CommandLineRun bad = CommandLineRun.weft("connectors", "import-openapi", broken.toString());
        assertThat(bad.exit()).isEqualTo(ExitCodes.INVALID);
        assertThat(bad.err()).startsWith(broken + ":").contains("not valid YAML");
    }
}
