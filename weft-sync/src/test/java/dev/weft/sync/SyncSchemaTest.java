package dev.weft.sync;

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
import org.junit.jupiter.api.Test;

/** The published schema, the jobs in docs/sync.md and the reader agree. */
class SyncSchemaTest {
    private static final Path DOCS = Path.of("../docs");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory
            .getInstance(SpecVersion.VersionFlag.V202012);
    private static final Pattern BLOCK = Pattern.compile("```yaml\n(kind: sync\n.*?)```", Pattern.DOTALL);

    private static JsonNode schemaNode() throws IOException {
        return new ObjectMapper().readTree(DOCS.resolve("schema/sync.schema.json").toFile());
    }

    @Test
    void theSchemaIsAValidDraft2020Schema() throws IOException {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of(SchemaId.V202012));

        assertThat(meta.validate(schemaNode())).isEmpty();
    }

    @Test
    void everyJobInTheDocsAndExamplesReadsWithoutProblemsAndFitsTheSchema() throws IOException {
        List<String> jobs = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(DOCS.resolve("sync.md")));
        while (m.find()) {
            jobs.add(m.group(1));
        }
        try (var files = Files.list(Path.of("../examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                String text = Files.readString(file);
                if (SyncJobReader.isSyncJob(YAML.readTree(text))) {
                    jobs.add(text);
                }
            }
        }
        assertThat(jobs).hasSizeGreaterThanOrEqualTo(2);
        JsonSchema schema = FACTORY.getSchema(schemaNode());
        for (String job : jobs) {
            assertThat(SyncJobReader.read("job.yaml", job).problems()).as(job).isEmpty();
            assertThat(schema.validate(YAML.readTree(job))).as(job).isEmpty();
        }
    }

    @Test
    void aJobTheReaderRefusesForItsShapeTheSchemaRefusesToo() throws IOException {
        JsonSchema schema = FACTORY.getSchema(schemaNode());
        for (String bad : List.of(
                "kind: sync\nid: x\nleft: {system: a, type: t, key: [id]}\nright: {system: b, type: u, key: [id]}\n"
                        + "mapping: {toRight: {id: '{{ id }}'}}\nbatchSize: 0\n",
                "kind: sync\nid: x\nleft: {system: a, type: t, key: [id], colour: red}\n"
                        + "right: {system: b, type: u, key: [id]}\nmapping: {toRight: {id: '{{ id }}'}}\n",
                "kind: sync\nid: x\nleft: {system: a, type: t, key: [id]}\nright: {system: b, type: u, key: [id]}\n"
                        + "mapping: {toRight: {id: '{{ id }}'}}\nconflicts: {rule: loudest_wins}\n")) {
            assertThat(SyncJobReader.read("bad.yaml", bad).problems()).as(bad).isNotEmpty();
            assertThat(schema.validate(YAML.readTree(bad))).as(bad).isNotEmpty();
        }
    }
}
