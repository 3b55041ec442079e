package dev.weft.connector.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.connector.Inputs;
import org.junit.jupiter.api.Test;

/** How an answer's JSON is found, which schemas go as strict, what a schema check reports. */
class ExtractTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jsonIsReadFromFencesAndFromProseAroundIt() throws Exception {
        assertThat(Extract.json("```json\n{\"a\": 1}\n```")).isEqualTo(JSON.readTree("{\"a\": 1}"));
        assertThat(Extract.json("Sure! Here it is: {\"a\": [1, 2]}. Anything else?"))
                .isEqualTo(JSON.readTree("{\"a\": [1, 2]}"));
        assertThat(Extract.json("[1, 2]")).isEqualTo(JSON.readTree("[1, 2]"));
        assertThat(Extract.json("I could not find it.")).isNull();
    }

    @Test
    void onlyASchemaWhoseObjectsRequireEveryPropertyAndAllowNoOthersIsStrict() throws Exception {
        assertThat(Extract.strictFits(JSON.readTree("{\"type\": \"object\", \"additionalProperties\": false,"
                + " \"required\": [\"lines\"], \"properties\": {\"lines\": {\"type\": \"array\", \"items\": {\"type\":"
                + " \"object\", \"additionalProperties\": false, \"required\": [\"sku\"], \"properties\": {\"sku\":"
                + " {\"type\": \"string\"}}}}}}"))).isTrue();
        assertThat(Extract.strictFits(JSON.readTree("{\"type\": \"object\", \"additionalProperties\": false,"
                + " \"required\": [\"lines\"], \"properties\": {\"lines\": {\"type\": \"array\", \"items\": {\"type\":"
                + " \"object\", \"required\": [\"sku\"], \"properties\": {\"sku\": {\"type\": \"string\"}}}}}}")))
                .as("an inner object that allows others").isFalse();
        assertThat(Extract.strictFits(JSON.readTree("{\"type\": \"object\", \"additionalProperties\": false,"
                + " \"properties\": {\"a\": {\"type\": \"string\"}}}"))).as("a property not required")
                .isFalse();
    }

    @Test
    void problemsAreNamedByTheirJsonPointer() throws Exception {
        SchemaCheck check = SchemaCheck.of(Inputs.ofOperation("llm.extract"), "schema",
                JSON.readTree("{\"type\":"
                        + " \"object\", \"required\": [\"lines\"], \"properties\": {\"lines\": {\"type\": \"array\", \"items\":"
                        + " {\"type\": \"object\", \"required\": [\"qty\"], \"properties\": {\"qty\": {\"type\": \"integer\","
                        + " \"minimum\": 1}}}}}}"));
        assertThat(check.problems(JSON.readTree("{\"lines\": [{\"qty\": 0}, {\"qty\": \"2\"}, {}]}")))
                .containsExactly("/lines/0/qty: must have a minimum value of 1",
                        "/lines/1/qty: expected integer, was string", "/lines/2/qty: required, but missing");
        assertThat(check.problems(JSON.readTree("[]")))
                .containsExactly("(the whole answer): expected object, was"
                        + " array");
        assertThat(check.problems(JSON.readTree("{\"lines\": []}"))).isEmpty();
    }

    @Test
    void theLabelsProbabilityIsThatOfTheTokensSpellingIt() throws Exception {
        String content = "{\"label\":\"returns\",\"confidence\":0.7}";
        Double p = Classify.labelProbability(
                JSON.readTree("[{\"token\": \"{\\\"label\\\":\\\"\", \"logprob\": 0},"
                        + " {\"token\": \"ret\", \"logprob\": -0.1}, {\"token\": \"urns\", \"logprob\": -0.2},"
                        + " {\"token\": \"\\\",\\\"confidence\\\":0.7}\", \"logprob\": -0.5}]"),
                content, "returns");
        assertThat(p).isCloseTo(Math.exp(-0.3), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Classify.labelProbability(JSON.readTree("[{\"token\": \"x\", \"logprob\": -1}]"), content,
                "returns")).as("tokens that do not spell the answer").isNull();
    }
}
