package dev.weft.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BlobRefTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HASH = "sha256:" + "ab".repeat(32);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void theJsonFormReadsBackAsTheSameReference() throws Exception {
        BlobRef ref = new BlobRef(HASH, 123, "application/pdf");

        assertThat(ref.toJson()).isEqualTo(
                json("{\"$blob\": \"" + HASH + "\", \"size\": 123, \"contentType\": \"application/pdf\"}"));
        assertThat(BlobRef.isRef(ref.toJson())).isTrue();
        assertThat(BlobRef.fromJson(ref.toJson())).isEqualTo(ref);
    }

    @Test
    void aReferenceWithoutContentTypeIsOctetStream() throws Exception {
        assertThat(BlobRef.fromJson(json("{\"$blob\": \"" + HASH + "\", \"size\": 0}")).contentType())
                .isEqualTo("application/octet-stream");
    }

    @Test
    void onlyObjectsWithTheMarkerAreReferences() throws Exception {
        assertThat(BlobRef.isRef(json("{\"blob\": \"" + HASH + "\"}"))).isFalse();
        assertThat(BlobRef.isRef(json("\"" + HASH + "\""))).isFalse();
        assertThat(BlobRef.isRef(null)).isFalse();
    }

    @Test
    void aMalformedReferenceSaysWhatIsWrong() {
        assertThatThrownBy(() -> BlobRef.fromJson(json("{\"$blob\": \"md5:abc\", \"size\": 1}")))
                .hasMessageContaining("$blob must be 'sha256:'");
        assertThatThrownBy(() -> BlobRef.fromJson(json("{\"$blob\": \"" + HASH + "\"}")))
                .hasMessageContaining("size");
        assertThatThrownBy(() -> BlobRef.fromJson(json("{\"$blob\": \"" + HASH + "\", \"size\": -1}")))
                .hasMessageContaining("size");
        assertThatThrownBy(
                () -> BlobRef
                        .fromJson(json("{\"$blob\": \"" + HASH + "\", \"size\": 1, \"name\": \"a.pdf\"}")))
                .hasMessageContaining("'name'");
        assertThatThrownBy(() -> BlobRef.fromJson(json("[1]"))).hasMessageContaining("array");
        assertThatThrownBy(() -> new BlobRef("sha256:ABC", 1, null)).hasMessageContaining("sha256:ABC");
        assertThatThrownBy(() -> new BlobRef(HASH, 1, "text/plain\r\nSet-Cookie: a=b"))
                .hasMessageContaining("control characters").hasMessageContaining("text/plain??Set-Cookie");
    }

    @Test
    void inputsReadAReferenceOrNameTheField() throws Exception {
        Inputs inputs = Inputs.ofOperation("files.write");
        JsonNode input = json(
                "{\"content\": {\"$blob\": \"" + HASH + "\", \"size\": 5}, \"bad\": {\"$blob\": 1}}");

        assertThat(inputs.blob(input, "content")).isEqualTo(new BlobRef(HASH, 5, null));
        assertThat(inputs.blob(input, "absent")).isNull();
        assertThatThrownBy(() -> inputs.blob(input, "bad")).isInstanceOfSatisfying(ConnectorException.class,
                e -> {
                    assertThat(e.code()).isEqualTo("files.input");
                    assertThat(e.getMessage()).contains("'bad'", "not a blob reference");
                });
    }
}
