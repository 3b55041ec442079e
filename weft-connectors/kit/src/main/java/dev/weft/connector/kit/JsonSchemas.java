package dev.weft.connector.kit;

import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.resource.AllowSchemaLoader;

/**
 * JSON Schema (2020-12) factories for schemas that users write into a step (an {@code llm.extract} schema):
 * they load nothing from outside the JVM. The meta-schemas come from the validator's own jar; a {@code $ref}
 * or {@code $schema} naming an http(s), file or jar URL is refused rather than fetched, so a schema can
 * neither reach around the egress guard nor read the server's files. The connectors' copy of weft-engine's
 * {@code dev.weft.engine.flow.JsonSchemas}, which connectors cannot depend on; change both together. Needs
 * {@code com.networknt:json-schema-validator} on the connector's own dependencies (the kit's is optional).
 * Thread-safe.
 */
public final class JsonSchemas {
    private static final JsonSchemaFactory LOCAL = JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaLoaders(loaders -> loaders
                    .values(list -> list.addFirst(
                            new AllowSchemaLoader(iri -> iri.toString().startsWith("classpath:"))))));

    private JsonSchemas() {
    }

    /** The factory of draft 2020-12 schemas that loads only what the validator's jar holds. */
    public static JsonSchemaFactory local() {
        return LOCAL;
    }
}
