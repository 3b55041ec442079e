package dev.weft.testkit.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.Credential;
import dev.weft.connector.Example;
import dev.weft.connector.OperationSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.TriggerSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What every connector must do, run against the connector's real target (its subclass starts or reaches
 * it): a valid declaration whose schemas are JSON Schema 2020-12 and whose examples fit them; discovery
 * through a generated service file; outputs that fit the declared schemas; typed errors; no secret of the
 * system's credential in any output or error; a test-connection verdict; a current docs page.
 *
 * <p>A connector's test class extends this and says which system to use and which calls succeed and
 * fail there. To skip a test, override it with {@code @Disabled("why")}, never with an empty body.
 */
public abstract class ConnectorContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory
            .getInstance(SpecVersion.VersionFlag.V202012);
    /** Codes read as {@code area.reason}: lower case, dotted, at least two parts. */
    private static final String CODE = "[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+";

    /** The connector under test. */
    protected abstract Connector connector();

    /**
     * A system the calls below run against: its configuration points at the test's target, and its
     * credential (when the connector takes one) holds recognisable secret values that must never come
     * back.
     */
    protected abstract TestSystem system();

    /** Calls that succeed against {@link #system()}; at least one per operation the target allows. */
    protected abstract List<Call> succeedingCalls();

    /** Calls that fail against {@link #system()} (bad input, a refused request, an unreachable target). */
    protected abstract List<Call> failingCalls();

    /** A call with a fresh cancellation, a 10 s timeout and an idempotency key of its own. */
    protected static Call call(String operation, String inputJson) {
        try {
            return new Call(operation, JSON.readTree(inputJson),
                    "contract:" + operation + ":" + inputJson.hashCode(),
                    Duration.ofSeconds(10), new Cancellation());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + inputJson, e);
        }
    }

    @Test
    void theDeclarationIsTheSameOnEveryCallAndNamesItsOwnOperations() {
        ConnectorSpec spec = connector().spec();
        assertThat(connector().spec()).isEqualTo(spec);
        assertThat(spec.operations()).allSatisfy(op -> assertThat(op.connectorId()).isEqualTo(spec.id()));
        assertThat(spec.description()).as("description").isNotBlank();
        assertThat(spec.operations()).allSatisfy(op -> assertThat(op.description()).isNotBlank());
    }

    @Test
    void everySchemaIsAValidJsonSchema() {
        ConnectorSpec spec = connector().spec();
        List<String> problems = new ArrayList<>();
        check(problems, spec.id() + " config", spec.configSchema());
        for (OperationSpec op : spec.operations()) {
            check(problems, op.name() + " input", op.inputSchema());
            check(problems, op.name() + " output", op.outputSchema());
        }
        for (TriggerSpec t : spec.triggers()) {
            check(problems, t.name() + " config", t.configSchema());
            check(problems, t.name() + " event", t.eventSchema());
        }
        assertThat(problems).isEmpty();
    }

    private static void check(List<String> problems, String what, JsonNode schema) {
        var meta = SCHEMAS.getSchema(SchemaLocation.of(SchemaId.V202012));
        for (ValidationMessage m : meta.validate(schema)) {
            problems.add(what + " schema: " + m.getMessage());
        }
    }

    @Test
    void everyExampleFitsItsSchemas() {
        ConnectorSpec spec = connector().spec();
        List<String> problems = new ArrayList<>();
        for (OperationSpec op : spec.operations()) {
            for (Example e : op.examples()) {
                fits(problems, op.name() + " example '" + e.title() + "' input", op.inputSchema(), e.input());
                if (e.output() != null) {
                    fits(problems, op.name() + " example '" + e.title() + "' output", op.outputSchema(),
                            e.output());
                }
            }
        }
        for (TriggerSpec t : spec.triggers()) {
            for (Example e : t.examples()) {
                fits(problems, t.name() + " example '" + e.title() + "' config", t.configSchema(), e.input());
                if (e.output() != null) {
                    fits(problems, t.name() + " example '" + e.title() + "' event", t.eventSchema(),
                            e.output());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void fits(List<String> problems, String what, JsonNode schema, JsonNode value) {
        for (ValidationMessage m : SCHEMAS.getSchema(schema).validate(value)) {
            problems.add(what + ": " + m.getMessage());
        }
    }

    @Test
    void isDiscoveredThroughAGeneratedServiceFile() {
        Set<Class<?>> found = ServiceLoader.load(Connector.class).stream().map(ServiceLoader.Provider::type)
                .collect(Collectors.toSet());
        assertThat(found).as("connectors found by ServiceLoader (annotate the class with"
                + " @AutoService(Connector.class))").contains(connector().getClass());
    }

    @Test
    void succeedingCallsReturnWhatTheirOperationDeclares() throws Exception {
        List<Call> calls = succeedingCalls();
        assertThat(calls).as("succeedingCalls()").isNotEmpty();
        try (SystemClient client = connector().open(system())) {
            for (Call call : calls) {
                OperationSpec op = connector().spec().operation(call.operation());
                assertThat(op).as("operation " + call.operation() + " is declared").isNotNull();
                List<String> problems = new ArrayList<>();
                fits(problems, call.operation() + " input", op.inputSchema(), call.input());
                JsonNode out = client.invoke(call);
                fits(problems, call.operation() + " output", op.outputSchema(), out);
                assertThat(problems).isEmpty();
                assertNoSecret(call.operation() + " output", out.toString());
            }
        }
    }

    @Test
    void failingCallsFailWithATypedErrorThatHoldsNoSecret() throws Exception {
        List<Call> calls = failingCalls();
        assertThat(calls).as("failingCalls()").isNotEmpty();
        try (SystemClient client = connector().open(system())) {
            for (Call call : calls) {
                try {
                    JsonNode out = client.invoke(call);
                    fail(call.operation() + " " + call.input() + " was expected to fail, but returned "
                            + out);
                } catch (ConnectorException e) {
                    assertThat(e.code()).as("error code of " + call.input()).matches(CODE);
                    assertThat(e.getMessage()).as("error message of " + call.input()).isNotBlank();
                    assertNoSecret(call.operation() + " error", e.getMessage() + " " + e.details());
                }
            }
        }
    }

    @Test
    void testingTheConnectionGivesAVerdictWithoutSecrets() throws Exception {
        try (SystemClient client = connector().open(system())) {
            ConnectionTest verdict = client.test();
            assertThat(verdict).isNotNull();
            assertThat(verdict.message()).isNotBlank();
            assertNoSecret("connection test", verdict.message());
        }
    }

    @Test
    void theDocsPageIsCurrent() throws IOException {
        ConnectorSpec spec = connector().spec();
        Path page = repositoryRoot().resolve("docs/connectors/" + spec.id() + ".md");
        String expected = ConnectorDocs.render(spec);
        if (Boolean.getBoolean("weft.writeDocs")) {
            Files.createDirectories(page.getParent());
            Files.writeString(page, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
        assertThat(actual).as(page + " is missing or stale: regenerate it from the declaration with"
                + " ./mvnw verify -pl <this module> -Dweft.writeDocs=true, and commit it")
                .isEqualTo(expected);
    }

    private void assertNoSecret(String where, String text) {
        for (String secret : secrets(system().credential().orElse(null))) {
            assertThat(text).as(where + " must not contain a secret of the system's credential")
                    .doesNotContain(secret);
        }
    }

    /** The secret values of a credential (the fields its toString hides). */
    static List<String> secrets(Credential credential) {
        if (credential == null) {
            return List.of();
        }
        List<String> all = switch (credential) {
            case Credential.Secret s -> List.of(s.value());
            case Credential.Basic b -> List.of(b.password());
            case Credential.Bearer b -> List.of(b.token());
            case Credential.ApiKey k -> List.of(k.value());
            case Credential.OAuth2ClientCredentials o -> List.of(o.clientSecret());
            case Credential.OAuth2RefreshToken o -> o.clientSecret() == null
                    ? List.of(o.refreshToken())
                    : List.of(o.refreshToken(), o.clientSecret());
            case Credential.OAuth2JwtBearer j -> List.of(j.privateKey());
            case Credential.SessionLogin l -> List.of(l.password());
            case Credential.Hmac h -> List.of(h.secret());
        };
        // Very short values would match by chance; a contract system's secrets are long canaries.
        return all.stream().filter(s -> s.length() >= 8).toList();
    }

    /** The checkout's root: the nearest directory upwards holding {@code mvnw}. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "no directory with mvnw and docs/ above " + Path.of("").toAbsolutePath());
    }
}
