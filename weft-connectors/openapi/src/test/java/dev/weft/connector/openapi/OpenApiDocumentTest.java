package dev.weft.connector.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.CredentialType;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    private static Map<String, String> unmappedReasons(OpenApiDocument doc) {
        return doc.unmapped().stream().collect(Collectors.toMap(Unmapped::label, u -> String.join("; ", u
                .reasons())));
    }

    @Test
    void theOpenApi30PetStoreHasAnOperationPerOperationIdAndSaysWhyTheRestCannotBeCalled() {
        OpenApiDocument doc = Fixtures.document(Fixtures.V30);
        assertThat(doc.specVersion()).isEqualTo("3.0.3");
        assertThat(doc.servers()).containsExactly("/api/v3");
        assertThat(doc.operations()).extracting(ApiOperation::operationId).containsExactly("updatePet",
                "addPet",
                "findPetsByStatus", "findPetsByTags", "getPetById", "updatePetWithForm", "deletePet",
                "getInventory", "placeOrder", "getOrderById", "deleteOrder", "createUser",
                "createUsersWithListInput", "loginUser", "logoutUser", "getUserByName", "updateUser",
                "deleteUser");
        Map<String, String> why = unmappedReasons(doc);
        assertThat(why).containsOnlyKeys("uploadFile POST /pet/{petId}/uploadImage",
                "trackOrder GET /store/order/{orderId}/track",
                "putOrderInvoice PUT /store/order/{orderId}/invoice",
                "subscribeToOrders POST /store/subscribe", "POST /user/avatar");
        assertThat(why.get("uploadFile POST /pet/{petId}/uploadImage"))
                .contains("only application/octet-stream");
        assertThat(why.get("trackOrder GET /store/order/{orderId}/track"))
                .contains("cookie parameter 'session'");
        assertThat(why.get("putOrderInvoice PUT /store/order/{orderId}/invoice"))
                .contains("only application/xml");
        assertThat(why.get("subscribeToOrders POST /store/subscribe")).contains("callbacks");
        assertThat(why.get("POST /user/avatar")).contains("no operationId", "multipart/form-data");
    }

    @Test
    void parametersBodiesAndSecurityComeFromTheDocument() {
        OpenApiDocument doc = Fixtures.document(Fixtures.V30);
        ApiOperation get = doc.operation("getPetById");
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.inputFields()).containsExactly("petId* (path, integer)");
        assertThat(get.security()).containsExactly("api_key", "petstore_auth");
        assertThat(doc.operation("deletePet").inputFields()).containsExactly("petId* (path, integer)",
                "api_key (header, string)");
        ApiOperation add = doc.operation("addPet");
        assertThat(add.body().required()).isTrue();
        assertThat(add.body().mediaType()).isEqualTo("application/json");
        assertThat(add.body().properties()).containsExactly("id", "name", "category", "photoUrls", "tags",
                "status");
        assertThat(add.inputSchema().at("/properties/body/$ref").asText()).isEqualTo("#/$defs/Pet");
        assertThat(add.inputSchema().at("/$defs/Pet/required").toString())
                .isEqualTo("[\"name\",\"photoUrls\"]");
        assertThat(doc.operation("placeOrder").inputSchema().at("/$defs/Order/required").toString())
                .as("a readOnly id need not be sent").isEqualTo("[\"petId\",\"quantity\"]");
        assertThat(
                doc.operation("createUser").inputSchema().at("/$defs/User/properties/phone/type").toString())
                .isEqualTo("[\"string\",\"null\"]");
        assertThat(doc.operation("loginUser").responseHeaders()).containsExactlyInAnyOrder("x-rate-limit",
                "x-expires-after");
        assertThat(doc.securityScheme("api_key").credentialType()).isEqualTo(CredentialType.API_KEY);
        assertThat(doc.securityScheme("api_key").how()).contains("in: header, name: api_key");
        assertThat(doc.securityScheme("petstore_auth").credentialType()).isNull();
        assertThat(doc.securityScheme("petstore_auth").how()).contains("not mapped", "implicit");
    }

    @Test
    void theOpenApi31PetStoreReadsJsonSchemaTypesServerVariablesAndWebhooks() {
        OpenApiDocument doc = Fixtures.document(Fixtures.V31);
        assertThat(doc.specVersion()).isEqualTo("3.1.0");
        assertThat(doc.servers()).containsExactly("https://live.petstore.example/api/v3");
        assertThat(doc.operations()).extracting(ApiOperation::operationId).containsExactly("addPet",
                "updatePet",
                "findPetsByStatus", "getPetById", "deletePet", "placeOrder", "getOrderById", "createUser",
                "loginUser");
        assertThat(doc.unmapped()).singleElement().satisfies(u -> {
            assertThat(u.label()).isEqualTo("newPetWebhook POST webhook newPet");
            assertThat(u.reasons().get(0)).contains("webhook trigger");
        });
        assertThat(doc.operation("addPet").inputSchema().at("/$defs/Pet/properties/status/type").toString())
                .isEqualTo("[\"string\",\"null\"]");
        assertThat(doc.operation("getPetById").security()).containsExactly("bearer", "partner");
        assertThat(doc.securityScheme("bearer").credentialType()).isEqualTo(CredentialType.BEARER);
        assertThat(doc.securityScheme("partner").credentialType())
                .isEqualTo(CredentialType.OAUTH2_CLIENT_CREDENTIALS);
        assertThat(doc.securityScheme("partner").how()).contains("https://auth.petstore.example/oauth/token");
    }

    @Test
    void theSwagger20PetStoreReadsBodyParametersCollectionFormatsAndHost() {
        OpenApiDocument doc = Fixtures.document(Fixtures.V20);
        assertThat(doc.specVersion()).isEqualTo("2.0");
        assertThat(doc.servers()).containsExactly("https://petstore.example/v2");
        assertThat(doc.operations()).extracting(ApiOperation::operationId).containsExactly("addPet",
                "updatePet",
                "findPetsByStatus", "getPetById", "deletePet", "getInventory", "placeOrder", "getOrderById",
                "deleteOrder", "createUser", "loginUser", "logoutUser", "getUserByName");
        assertThat(unmappedReasons(doc)).containsOnlyKeys("updatePetWithForm POST /pet/{petId}",
                "uploadFile POST /pet/{petId}/uploadImage");
        assertThat(unmappedReasons(doc).get("uploadFile POST /pet/{petId}/uploadImage")).contains("formData");
        ApiOperation find = doc.operation("findPetsByStatus");
        assertThat(find.parameters()).singleElement().satisfies(p -> {
            assertThat(p.style()).isEqualTo("form");
            assertThat(p.explode()).as("collectionFormat multi").isTrue();
            assertThat(p.schema().at("/items/enum").size()).isEqualTo(3);
        });
        assertThat(doc.operation("addPet").body().mediaType()).isEqualTo("application/json");
        assertThat(doc.operation("loginUser").inputFields()).containsExactly("username* (query, string)",
                "password* (query, string)");
        assertThat(doc.securityScheme("partner").credentialType())
                .isEqualTo(CredentialType.OAUTH2_CLIENT_CREDENTIALS);
        assertThat(doc.securityScheme("basic_auth").credentialType()).isEqualTo(CredentialType.BASIC);
    }

    @Test
    void aDocumentThatCannotBeReadSaysWhereAndWhy() {
        assertThatThrownBy(() -> OpenApiDocument.parse("openapi: 3.0.3\ninfo:\n  title: [broken\npaths: {}\n",
                "broken.yaml"))
                .isInstanceOfSatisfying(DocumentException.class, e -> {
                    assertThat(e.getMessage()).startsWith("broken.yaml:").contains("not valid YAML");
                    assertThat(e.line()).isGreaterThan(1);
                });
        assertThatThrownBy(
                () -> OpenApiDocument.parse("{\"openapi\": \"3.0.3\",\n \"paths\": {,}}", "broken.json"))
                .isInstanceOfSatisfying(DocumentException.class, e -> {
                    assertThat(e.getMessage()).startsWith("broken.json:2:").contains("not valid JSON");
                    assertThat(e.line()).isEqualTo(2);
                });
        assertThatThrownBy(() -> OpenApiDocument.parse("name: not an api\n", "other.yaml"))
                .hasMessageContaining("other.yaml: neither 'openapi: 3.x' nor 'swagger: \"2.0\"'");
        assertThatThrownBy(() -> OpenApiDocument.parse("swagger: '1.2'\npaths: {}\n", "old.yaml"))
                .hasMessageContaining("version 1.2 is not one this connector reads");
    }

    @Test
    void theImportReportListsServersSchemesOperationsAndWhatIsNotMapped() {
        String report = ImportReport.render(Fixtures.document(Fixtures.V30));
        assertThat(report).startsWith("Pet store (OpenAPI 3.0) 1.0.20 (OpenAPI 3.0.3)\n")
                .contains("  /api/v3  (relative")
                .contains(
                        "  api_key: apiKey in header 'api_key' -> apiKey: an apiKey credential with in: header,"
                                + " name: api_key")
                .contains("  petstore_auth: oauth2 (implicit) -> not mapped")
                .contains("operations (18)")
                .contains(
                        "  getPetById  GET /pet/{petId}  -> openapi.get_pet_by_id\n      input: petId* (path, integer)\n")
                .contains("not mapped (5):")
                .contains("  POST /user/avatar (no operationId): no operationId");
        assertThat(ImportReport.systemBody(Fixtures.document(Fixtures.V30), "pets").toString())
                .contains("\"connector\":\"openapi\"", "\"credential\":\"pets-credential\"",
                        "\"baseUrl\":\"https://api.example.com/api/v3\"");
    }
}
