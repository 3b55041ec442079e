package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.server.config.ServerSettings;
import dev.weft.connector.CredentialType;
import dev.weft.vault.CredentialField;
import dev.weft.vault.CredentialFields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document served and checked in describes exactly the routes the server has. */
class OpenApiTest {
    @TempDir
    Path data;

    @Test
    void theDocumentAndTheRoutesAgree() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(Files.readString(Path.of("../docs/openapi.json")));
        assertThat(OpenApi.document()).isEqualTo(Files.readAllBytes(Path.of("../docs/openapi.json")));
        Set<String> documented = new TreeSet<>();
        doc.get("paths").properties().forEach(p -> p.getValue().properties()
                .forEach(m -> documented.add(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey())));
        Set<String> served = new TreeSet<>();
        try (WeftServer server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0),
                Map.of(), Clock.systemUTC())) {
            server.router().routes().forEach(r -> served.add(r.method() + " " + r.template()));
            server.router().routes().forEach(r -> {
                JsonNode op = doc.at("/paths/" + r.template().replace("~", "~0").replace("/", "~1") + "/"
                        + r.method().toLowerCase(Locale.ROOT));
                boolean open = op.has("security") && op.get("security").isEmpty();
                assertThat(open).as(r.method() + " " + r.template() + " authentication")
                        .isEqualTo(!r.authenticated());
            });
        }
        assertThat(served).isEqualTo(documented);
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void everyOperationHasAUniqueOperationIdAndADeclaredTag() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(Files.readString(Path.of("../docs/openapi.json")));
        Set<String> declaredTags = new TreeSet<>();
        doc.get("tags").forEach(t -> declaredTags.add(t.get("name").asText()));
        Set<String> ids = new TreeSet<>();
        doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(m -> {
            String where = m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey();
            JsonNode op = m.getValue();
            assertThat(op.path("operationId").asText()).as(where + " operationId").matches("[a-z][A-Za-z]+");
            assertThat(ids.add(op.get("operationId").asText())).as(where + " operationId is unique").isTrue();
            assertThat(op.path("tags")).as(where + " tags").isNotEmpty();
            op.get("tags").forEach(t -> assertThat(declaredTags).as(where + " tag").contains(t.asText()));
        }));
    }

    @Test
    void theCredentialSchemasListEveryVaultTypeWithItsFields() throws Exception {
        JsonNode schemas = new ObjectMapper().readTree(Files.readString(Path.of("../docs/openapi.json")))
                .get("components").get("schemas");
        List<String> types = Arrays.stream(CredentialType.values()).map(CredentialType::wireName).toList();
        assertThat(schemas.at("/Credential/properties/type/enum")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(types);
        JsonNode variants = schemas.at("/CredentialWrite/oneOf");
        assertThat(variants).extracting(v -> v.at("/properties/type/const").asText())
                .containsExactlyElementsOf(types);
        for (JsonNode variant : variants) {
            CredentialType type = CredentialFields.type(variant.at("/properties/type/const").asText())
                    .orElseThrow();
            List<String> fields = new ArrayList<>();
            variant.get("properties").fieldNames().forEachRemaining(fields::add);
            assertThat(fields).as(type.wireName()).containsExactlyElementsOf(Stream.concat(Stream.of("type"),
                    CredentialFields.of(type).stream().map(CredentialField::name)).toList());
            assertThat(variant.get("required")).extracting(JsonNode::asText).as(type.wireName())
                    .containsExactlyElementsOf(Stream.concat(Stream.of("type"),
                            CredentialFields.of(type).stream().filter(CredentialField::required)
                                    .map(CredentialField::name))
                            .toList());
        }
    }

    @Test
    void thePermissionSchemaListsEveryPermissionTheServerHasAndTheSessionUsesIt() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(Files.readString(Path.of("../docs/openapi.json")));
        assertThat(doc.at("/components/schemas/Permission/enum")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(Arrays.stream(dev.weft.server.access.Permission.values())
                        .map(dev.weft.server.access.Permission::wireName).toList());
        JsonNode session = doc
                .at("/paths/~1api~1v1~1auth~1session/get/responses/200/content/application~1json/schema");
        assertThat(session.at("/properties/permissions/items/$ref").asText())
                .isEqualTo("#/components/schemas/Permission");
        assertThat(session.at("/properties/namespacePermissions/additionalProperties/items/$ref").asText())
                .isEqualTo("#/components/schemas/Permission");
    }
}
