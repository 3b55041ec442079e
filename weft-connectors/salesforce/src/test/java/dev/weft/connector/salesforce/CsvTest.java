package dev.weft.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CsvTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void recordsBecomeOneHeaderAndQuotedRowsWithParentsByExternalIdAndNullsCleared() throws Exception {
        String csv = Csv.write(JSON.readTree("""
                [{"LastName": "O'Hara, Scarlett", "Account": {"ERP_Id__c": "C-12"}},
                 {"LastName": "Say \\"hi\\"", "Email": null, "Title": " padded "},
                 {"LastName": "Two\\nlines", "NumberOfEmployees": 12, "HasOptedOutOfEmail": true}]"""), "\n");
        assertThat(csv)
                .isEqualTo("LastName,Account.ERP_Id__c,Email,Title,NumberOfEmployees,HasOptedOutOfEmail\n"
                        + "\"O'Hara, Scarlett\",C-12,,,,\n"
                        + "\"Say \"\"hi\"\"\",,#N/A,\" padded \",,\n"
                        + "\"Two\nlines\",,,,12,true\n");
        assertThat(Csv.write(JSON.readTree("[{\"A\": 1}]"), "\r\n")).isEqualTo("A\r\n1\r\n");
        assertThatThrownBy(() -> Csv.write(JSON.readTree("[{\"A\": 1}, {\"Tags\": [1, 2]}]"), "\n"))
                .hasMessageContaining("records[1].Tags");
    }

    @Test
    void readsRowsByColumnUpToTheLimitAndWhatItWrote() throws Exception {
        String csv = "\"sf__Id\",\"sf__Error\",Name\n\"\",\"REQUIRED_FIELD_MISSING:Required fields are missing:"
                + " [LastName]:LastName --\",\"a, \"\"b\"\"\"\r\n\"\",\"X:y\",\"two\nlines\"\n";
        BufferedReader reader = new BufferedReader(new StringReader(csv));
        var rows = Csv.read(reader, 1);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("sf__Error").asText()).startsWith("REQUIRED_FIELD_MISSING");
        assertThat(rows.get(0).get("Name").asText()).isEqualTo("a, \"b\"");
        var all = Csv.read(new BufferedReader(new StringReader(csv)), 10);
        assertThat(all).extracting(r -> r.get("Name").asText()).containsExactly("a, \"b\"", "two\nlines");
        assertThat(Csv.read(new BufferedReader(new StringReader("")), 10)).isEmpty();
    }
}
