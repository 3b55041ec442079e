package dev.weft.connector.kit.odata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Inputs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OData's encodings, pages, error bodies and batches, as the OData 2.0 and 4.0 specifications write them. */
class ODataTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Inputs IN = Inputs.ofOperation("sap.get");

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void queryOptionsKeepODataSyntaxAndEncodeSpacesAsPercent20() {
        String q = new ODataQuery().option("$filter", "name eq 'Ada & Co' and revenue gt 10")
                .list("$select", List.of("name", "accountid")).option("$top", null).toString();
        assertThat(q).isEqualTo("?$filter=name%20eq%20'Ada%20%26%20Co'%20and%20revenue%20gt%2010"
                + "&$select=name,accountid");
        assertThat(new ODataQuery().toString()).isEmpty();
        assertThat(ODataQuery.literal("O'Brien")).isEqualTo("'O''Brien'");
    }

    @Test
    void keysAreStringsGuidsNumbersOrNamedProperties() throws Exception {
        assertThat(ODataQuery.key(json("\"1000123\""), ODataVersion.V2, IN, "key")).isEqualTo("('1000123')");
        String guid = "\"5a1c0b38-9d31-ef11-8409-000d3a8f1d2c\"";
        assertThat(ODataQuery.key(json(guid), ODataVersion.V4, IN, "id"))
                .isEqualTo("(5a1c0b38-9d31-ef11-8409-000d3a8f1d2c)");
        assertThat(ODataQuery.key(json(guid), ODataVersion.V2, IN, "id"))
                .isEqualTo("(guid'5a1c0b38-9d31-ef11-8409-000d3a8f1d2c')");
        assertThat(
                ODataQuery.key(json("{\"SalesOrder\": \"1\", \"SalesOrderItem\": \"10\"}"), ODataVersion.V2,
                        IN, "key"))
                .isEqualTo("(SalesOrder='1',SalesOrderItem='10')");
        assertThat(ODataQuery.key(json("{\"accountnumber\": \"A 1/O'B\"}"), ODataVersion.V4, IN, "key"))
                .isEqualTo("(accountnumber='A%201%2FO''B')");
        assertThatThrownBy(() -> ODataQuery.key(json("{\"a b\": 1}"), ODataVersion.V4, IN, "key"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("'key'", "not a property name"));
        assertThatThrownBy(() -> ODataQuery.name("accounts/../x", IN, "entitySet", "accounts"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("'entitySet'", "accounts/../x"));
    }

    @Test
    void pagesOfBothVersionsAndTheirNextLinksUnderTheRoot() throws Exception {
        String root = "https://s4.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER";
        ODataPage v2 = ODataPage.read(
                json("{\"d\": {\"__count\": \"3\", \"results\": [{\"BusinessPartner\": \"1\"}],"
                        + " \"__next\": \"" + root + "/A_BusinessPartner?$skiptoken=1\"}}"),
                ODataVersion.V2, root, "sap",
                "GET");
        assertThat(v2.items()).hasSize(1);
        assertThat(v2.count()).isEqualTo(3L);
        assertThat(v2.nextLink()).isEqualTo(root + "/A_BusinessPartner?$skiptoken=1");
        ODataPage v4 = ODataPage.read(
                json("{\"value\": [], \"@odata.nextLink\": \"SalesOrder?$skiptoken=2\"}"),
                ODataVersion.V4, "https://s4.example.com/sap/opu/odata4/x/0001", "sap", "GET");
        assertThat(v4.nextLink()).as("relative, as SAP's v4 services write it")
                .isEqualTo("https://s4.example.com/sap/opu/odata4/x/0001/SalesOrder?$skiptoken=2");
        assertThatThrownBy(() -> ODataPage.read(json("{\"value\": [], \"@odata.nextLink\":"
                + " \"https://evil.example/steal?x=1\"}"), ODataVersion.V4, root, "sap",
                "GET /A_BusinessPartner"))
                .isInstanceOfSatisfying(ConnectorException.class, e -> {
                    assertThat(e.code()).isEqualTo("sap.unexpected_answer");
                    assertThat(e.getMessage()).contains("outside the service root").doesNotContain("x=1");
                });
        assertThatThrownBy(() -> ODataPage.read(json("{\"value\": 1}"), ODataVersion.V2, root, "sap", "GET"))
                .isInstanceOfSatisfying(ConnectorException.class,
                        e -> assertThat(e.getMessage()).contains("{\"d\": {\"results\""));
    }

    @Test
    void errorBodiesOfBothVersions() throws Exception {
        ODataError v2 = ODataError
                .read(json("{\"error\": {\"code\": \"BP/012\", \"message\": {\"lang\": \"en\","
                        + " \"value\": \"Enter a name\"}, \"innererror\": {\"transactionid\": \"T1\", \"errordetails\": ["
                        + "{\"code\": \"BP/012\", \"message\": \"Enter a name\", \"severity\": \"error\"},"
                        + "{\"code\": \"/IWBEP/CX_MGW_BUSI_EXCEPTION\", \"message\": \"Check the grouping\","
                        + " \"severity\": \"error\"}]}}}"))
                .orElseThrow();
        assertThat(v2.describe())
                .isEqualTo("Enter a name [BP/012]; Check the grouping [/IWBEP/CX_MGW_BUSI_EXCEPTION]");
        ODataError v4 = ODataError
                .read(json("{\"error\": {\"code\": \"0x80040217\", \"message\": \"account With"
                        + " Id = 1 Does Not Exist\"}}"))
                .orElseThrow();
        assertThat(v4.describe()).isEqualTo("account With Id = 1 Does Not Exist [0x80040217]");
        assertThat(ODataError.read(json("{\"d\": {}}"))).isEmpty();
        assertThat(ODataErrors.plain("<html><head><title>Logon failed</title><style>p{}</style></head>"
                + "<body><p>Logon  failed</p></body></html>")).isEqualTo("Logon failed Logon failed");
    }

    @Test
    void aBatchGroupsWritesInChangesetsAndReadsItsAnswerPerRequest() throws Exception {
        List<ODataBatch.Request> requests = List.of(
                new ODataBatch.Request("POST", "A_BusinessPartner",
                        json("{\"OrganizationBPName1\": \"Ada\"}"),
                        null),
                new ODataBatch.Request("PATCH", "A_BusinessPartner('1')", json("{\"SearchTerm1\": \"ADA\"}"),
                        "W/\"x\""),
                new ODataBatch.Request("GET", "A_BusinessPartner('1')", null, null));
        ODataBatch.Built built = ODataBatch.build(requests, "key-1");
        String body = new String(built.body(), StandardCharsets.UTF_8);
        assertThat(built.groups()).containsExactly(List.of(0, 1), List.of(2));
        assertThat(body).contains("Content-Type: multipart/mixed; boundary=changeset_",
                "POST A_BusinessPartner"
                        + " HTTP/1.1\r\n",
                "If-Match: W/\"x\"\r\n", "GET A_BusinessPartner('1') HTTP/1.1\r\n");
        assertThat(body).endsWith("--" + built.contentType().substring(built.contentType().indexOf('=') + 1)
                + "--\r\n");

        String answer = "--b1\r\nContent-Type: multipart/mixed; boundary=c1\r\n\r\n"
                + "--c1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nlocation: X('9')\r\n\r\n"
                + "{\"d\": {\"BusinessPartner\": \"9\"}}\r\n"
                + "--c1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\n\r\n\r\n--c1--\r\n"
                + "--b1\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"d\": {\"BusinessPartner\": \"1\"}}\r\n"
                + "--b1--\r\n";
        List<ODataBatch.Answer> answers = ODataBatch.parse(built, answer.getBytes(StandardCharsets.UTF_8),
                "multipart/mixed; boundary=b1");
        assertThat(answers).extracting(ODataBatch.Answer::status).containsExactly(201, 204, 200);
        assertThat(answers.get(0).json().at("/d/BusinessPartner").asText()).isEqualTo("9");
        assertThat(answers.get(0).headers()).containsEntry("location", "X('9')");

        String refused = "--b2\nContent-Type: application/http\n\nHTTP/1.1 400 Bad Request\nContent-Type:"
                + " application/json\n\n{\"error\": {\"code\": \"X\", \"message\": {\"value\": \"no\"}}}\n"
                + "--b2\nContent-Type: application/http\n\nHTTP/1.1 200 OK\n\n{}\n--b2--\n";
        assertThat(ODataBatch.parse(built, refused.getBytes(StandardCharsets.UTF_8), "multipart/mixed;"
                + " boundary=\"b2\"")).extracting(ODataBatch.Answer::status)
                .as("the refused changeset answers for"
                        + " both of its requests")
                .containsExactly(400, 400, 200);
        assertThatThrownBy(() -> ODataBatch.parse(built, new byte[0], "application/json"))
                .hasMessageContaining("not multipart/mixed");
    }

    @Test
    void aLinkOrPathWithADotSegmentIsRefusedEvenWhenItStartsUnderTheRoot() throws Exception {
        String root = "https://s4.example.com/sap/opu/odata/sap/API_BUSINESS_PARTNER";
        assertThat(ODataPage.under(root, root + "/A_BusinessPartner?$skiptoken=2", "sap", "the next link"))
                .isEqualTo(root + "/A_BusinessPartner?$skiptoken=2");
        for (String link : new String[]{root + "/../../API_SALES_ORDER_SRV/A_SalesOrder",
                root + "/%2e%2E/%2E%2E/bc/ping", root + "/./A_BusinessPartner", "https://other.example/x",
                "/../API_SALES_ORDER_SRV"}) {
            org.assertj.core.api.Assertions
                    .assertThatThrownBy(() -> ODataPage.under(root, link, "sap", "the link"))
                    .as(link).isInstanceOfSatisfying(dev.weft.connector.ConnectorException.class,
                            e -> assertThat(e.getMessage()).contains("outside the service root"));
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.weft.connector.kit.JsonApi.segment(".."))
                .isInstanceOfSatisfying(dev.weft.connector.ConnectorException.class,
                        e -> assertThat(e.code()).isEqualTo("input.path_segment"));
        assertThat(dev.weft.connector.kit.JsonApi.segment("Ada Corp/..")).isEqualTo("Ada%20Corp%2F..");
    }
}
