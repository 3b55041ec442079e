package dev.weft.engine.flow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The published schema and the language reference agree with the reader. */
class FlowSchemaTest {
    private static final Path DOCS = Path.of("../docs");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory
            .getInstance(SpecVersion.VersionFlag.V202012);

    private static JsonNode schemaNode() throws IOException {
        return new ObjectMapper().readTree(DOCS.resolve("schema/flow.schema.json").toFile());
    }

    private static JsonSchema schema() throws IOException {
        return FACTORY.getSchema(schemaNode());
    }

    @Test
    void theSchemaIsAValidDraft2020Schema() throws IOException {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of(SchemaId.V202012));

        assertThat(meta.validate(schemaNode())).isEmpty();
        assertThat(schemaNode().get("$schema").asText())
                .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFlows")
    void aValidFlowIsValidAgainstTheSchemaAndHasNoProblems(String name, String yaml) throws IOException {
        assertThat(FlowReader.read(name + ".yaml", yaml).problems()).isEmpty();
        assertThat(schema().validate(YAML.readTree(yaml))).isEmpty();
    }

    static Stream<Arguments> validFlows() throws IOException {
        List<Arguments> flows = new ArrayList<>();
        for (String file : List.of("invoice-approval.yaml", "every-step.yaml")) {
            flows.add(Arguments.of(file, FlowFiles.resource(file)));
        }
        Matcher block = Pattern.compile("```yaml\n(id: .*?)```", Pattern.DOTALL)
                .matcher(Files.readString(DOCS.resolve("flow-language.md")));
        while (block.find()) {
            String yaml = block.group(1);
            flows.add(Arguments.of(
                    "docs example " + yaml.lines().findFirst().get(),
                    yaml));
        }
        assertThat(flows).hasSizeGreaterThan(10);
        return flows.stream();
    }

    @Test
    void theSchemaRejectsAMisspeltField() throws IOException {
        JsonNode flow = YAML.readTree("id: x\nsteps: [{ id: a, type: fail, mesage: m }]\n");

        assertThat(schema().validate(flow)).isNotEmpty();
    }

    @Test
    void theSchemaListsExactlyTheFieldsTheReaderKnows() throws IOException {
        JsonNode defs = schemaNode().get("$defs");

        assertThat(names(schemaNode().get("properties"))).containsExactlyElementsOf(FlowBinder.FLOW_FIELDS);
        for (var type : StepBinder.TYPE_FIELDS.entrySet()) {
            JsonNode step = defs.get("step-" + type.getKey());
            assertThat(step).as(type.getKey()).isNotNull();
            assertThat(step.at("/properties/type/const").asText()).isEqualTo(type.getKey());
            assertThat(names(step.get("properties"))).as(type.getKey()).containsExactlyInAnyOrderElementsOf(
                    Stream.concat(StepBinder.COMMON_FIELDS.stream(), type.getValue().stream()).distinct()
                            .toList());
            assertThat(step.get("additionalProperties").asBoolean(true)).isFalse();
        }
        assertThat(defs.at("/step/oneOf")).hasSize(StepBinder.TYPE_FIELDS.size());
        assertThat(names(defs.at("/retry/properties"))).containsExactlyElementsOf(StepBinder.RETRY_FIELDS);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
