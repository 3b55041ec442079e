package dev.weft.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.CredentialType;
import dev.weft.engine.store.SystemRecord;
import dev.weft.gateway.ConnectorRegistry;
import dev.weft.gateway.SystemDefinition;
import dev.weft.store.CredentialStore;
import dev.weft.store.SealedCredential;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code --systems} file: YAML or JSON, {@code systems:} mapping each system id to the body the
 * server's {@code PUT /api/v1/systems/{id}} takes ({@code connector}, {@code config}, and optionally
 * {@code credential} and {@code policy}), checked as the server checks it. A credential is a name in the
 * data directory's vault, which must hold it. Stateless.
 */
final class SystemsFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SystemsFile() {
    }

    /**
     * The file's systems, or {@link IllegalArgumentException} naming the file, the system and the field of
     * every problem.
     *
     * @param credentials the vault's store, asked only whether a named credential exists and its type
     */
    static List<SystemRecord> read(Path file, ConnectorRegistry connectors, CredentialStore credentials,
            String tenant, Instant now) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("--systems " + file + ": cannot read it: " + e.getMessage());
        }
        if (root == null || !root.path("systems").isObject()) {
            throw new IllegalArgumentException("--systems " + file
                    + ": expected an object with 'systems', each"
                    + " system id mapped to {connector, config, credential, policy} as PUT /api/v1/systems/{id}"
                    + " takes it");
        }
        List<String> problems = new ArrayList<>();
        List<SystemRecord> systems = new ArrayList<>();
        List<String> ids = connectors.specs().stream().map(ConnectorSpec::id).toList();
        for (Map.Entry<String, JsonNode> entry : root.get("systems").properties()) {
            String id = entry.getKey();
            JsonNode body = entry.getValue();
            String idProblem = SystemDefinition.idProblem(id);
            if (idProblem != null) {
                problems.add(idProblem);
                continue;
            }
            if (!body.isObject()) {
                problems.add(
                        "systems." + id + ": must be an object with 'connector', 'config', and optionally"
                                + " 'credential' and 'policy'");
                continue;
            }
            List<String> mine = new ArrayList<>(SystemDefinition.problems(id, body,
                    c -> connectors.specs().stream().filter(s -> s.id().equals(c)).findFirst(), ids));
            String connector = body.path("connector").asText();
            String credential = SystemDefinition.credential(body);
            if (credential != null) {
                credentialProblem(file, tenant, credential, connectors, connector, credentials)
                        .ifPresent(mine::add);
            }
            mine.forEach(p -> problems.add("systems." + id + "." + p));
            if (mine.isEmpty()) {
                systems.add(new SystemRecord(tenant, id, connector, SystemDefinition.config(body), credential,
                        SystemDefinition.policy(body), 1, now, now));
            }
        }
        // The file holds every system there is: a fallback must be one of them, of the same connector.
        Map<String, String> connectorOf = new java.util.HashMap<>();
        systems.forEach(s -> connectorOf.put(s.id(), s.connector()));
        for (SystemRecord s : systems) {
            String fallback = SystemDefinition.fallbackSystem(s.policy());
            if (fallback == null) {
                continue;
            }
            String other = connectorOf.get(fallback);
            if (other == null) {
                problems.add("systems." + s.id() + ".policy.fallback.system: this file defines no system '"
                        + fallback + "' (it defines "
                        + String.join(", ", new java.util.TreeSet<>(connectorOf.keySet()))
                        + ")");
            } else {
                SystemDefinition.fallbackProblem(s.connector(), fallback, other)
                        .ifPresent(p -> problems.add("systems." + s.id() + "." + p));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("--systems " + file + ": " + String.join("; ", problems));
        }
        return systems;
    }

    private static Optional<String> credentialProblem(Path file, String tenant, String name,
            ConnectorRegistry connectors, String connector, CredentialStore credentials) {
        Optional<SealedCredential> stored = credentials.credential(tenant, name);
        if (stored.isEmpty()) {
            return Optional.of("credential: the vault of this data directory has no credential '" + name
                    + "'; store it there with `weft server` on the same --data and PUT /api/v1/credentials/"
                    + name + " (a --systems file names credentials, it never holds a secret)");
        }
        Optional<ConnectorSpec> spec = connectors.specs().stream().filter(s -> s.id().equals(connector))
                .findFirst();
        if (spec.isPresent() && !spec.get().credentialTypes().contains(
                CredentialType.ofWireName(stored.get().type()))) {
            return Optional.of("credential: '" + name + "' is of type " + stored.get().type()
                    + ", but connector " + connector + " does not accept it");
        }
        return Optional.empty();
    }
}
