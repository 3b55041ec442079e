package dev.weft.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalTest {

    private static JsonNode json(String text) {
        return Json.read(text);
    }

    @Test
    void theSameContentHasOneTextWhateverTheOrderAndNumberSpelling() {
        assertThat(Canonical.text(json("{\"b\": 100.00, \"a\": [1, \"x\"]}")))
                .isEqualTo(Canonical.text(json("{\"a\":[1.0,\"x\"],\"b\":100}")))
                .isEqualTo("{\"a\":[1,\"x\"],\"b\":100}");
        assertThat(Canonical.hash(json("{\"a\": 0.0}"))).isEqualTo(Canonical.hash(json("{\"a\": 0}")))
                .hasSize(32);
        assertThat(Canonical.hash(json("{\"a\": 1}"))).isNotEqualTo(Canonical.hash(json("{\"a\": \"1\"}")));
    }

    @Test
    void aKeyIsTheArrayOfItsFieldsValuesAndNullWhenOneIsMissing() {
        JsonNode record = json("{\"id\": 7, \"region\": \"eu\", \"name\": null}");

        assertThat(Canonical.key(record, List.of("region", "id"))).isEqualTo("[\"eu\",7]");
        assertThat(Canonical.values("[\"eu\",7]")).isEqualTo(json("[\"eu\",7]"));
        assertThat(Canonical.key(record, List.of("name"))).isNull();
        assertThat(Canonical.key(record, List.of("missing"))).isNull();
    }

    @Test
    void sameTreatsMissingAsNullAndNumbersByValue() {
        assertThat(Canonical.same(null, json("null"))).isTrue();
        assertThat(Canonical.same(json("2.50"), json("2.5"))).isTrue();
        assertThat(Canonical.same(json("\"a\""), json("\"b\""))).isFalse();
    }

    @Test
    void aLooseKeyIsTheSameForANumberAndItsText() {
        assertThat(Canonical.loose("[42,\"a\"]")).isEqualTo(Canonical.loose("[\"42\",\"a\"]"));
        assertThat(Canonical.loose("[4.50]")).isEqualTo(Canonical.loose("[\"4.5\"]"));
        assertThat(Canonical.loose("[1,2]")).isNotEqualTo(Canonical.loose("[12]"));
    }
}
