package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import dev.weft.server.ops.PlatformEvents;
import dev.weft.vault.CredentialInfo;
import dev.weft.vault.CredentialFields;
import dev.weft.vault.InvalidCredentialException;
import dev.weft.vault.Vault;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/credentials}: write-only secrets. Reads return metadata only, never a secret value. A
 * replaced credential's new version is told to the feed ({@code credential.rotated}).
 */
public final class CredentialsApi {
    private final Vault vault;
    private final PlatformEvents events;

    public CredentialsApi(Vault vault, PlatformEvents events) {
        this.vault = vault;
        this.events = events;
    }

    public List<Route> routes() {
        return List.of(
                Route.api("GET", "/api/v1/credentials", this::list),
                Route.api("PUT", "/api/v1/credentials/{name}", this::put),
                Route.api("GET", "/api/v1/credentials/{name}", this::get),
                Route.api("DELETE", "/api/v1/credentials/{name}", this::delete));
    }

    private void put(Exchange x) {
        JsonNode body = x.jsonBody();
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body.invalid", "a credential is a JSON object with 'type' ("
                    + CredentialFields.wireNames() + ") and that type's fields");
        }
        Optional<CredentialInfo> before = existing(x);
        boolean existed = before.isPresent();
        // Secret-free: a credential's audit view is its name, type and version, never a digest of a secret.
        before.ifPresent(b -> AuditDigests.before(auditView(b.name(), b.type().wireName(), b.version())));
        AuditDigests.after(auditView(x.param("name"), body.path("type").asText(),
                before.map(b -> b.version() + 1).orElse(1)));
        CredentialInfo info;
        try {
            info = vault.put(x.tenant(), x.param("name"), body);
        } catch (InvalidCredentialException e) {
            throw ApiException.badRequest("credential.invalid", e.getMessage());
        }
        events.credentialReplaced(x.tenant(), info);
        x.json(existed ? 200 : 201, view(info));
    }

    private void get(Exchange x) {
        x.json(200, view(
                existing(x).orElseThrow(() -> ApiException.notFound("no credential " + x.param("name")))));
    }

    private void list(Exchange x) {
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("credentials");
        vault.list(x.tenant()).forEach(i -> items.add(view(i)));
        x.json(200, body);
    }

    private static JsonNode auditView(String name, String type, long version) {
        return AuditDigests.fields("name", name, "type", type, "version", version);
    }

    private void delete(Exchange x) {
        existing(x)
                .ifPresent(b -> AuditDigests.before(auditView(b.name(), b.type().wireName(), b.version())));
        boolean deleted;
        try {
            deleted = vault.delete(x.tenant(), x.param("name"));
        } catch (InvalidCredentialException e) {
            throw invalidName(e);
        }
        if (!deleted) {
            throw ApiException.notFound("no credential " + x.param("name"));
        }
        x.send(204, null, new byte[0], Map.of());
    }

    /** The credential the path names; a name the vault refuses is a 400 with the vault's rule, before any use. */
    private Optional<CredentialInfo> existing(Exchange x) {
        try {
            return vault.info(x.tenant(), x.param("name"));
        } catch (InvalidCredentialException e) {
            throw invalidName(e);
        }
    }

    private static ApiException invalidName(InvalidCredentialException e) {
        return ApiException.badRequest("credential.invalid_name", e.getMessage());
    }

    private static JsonNode view(CredentialInfo info) {
        ObjectNode o = Exchange.JSON.createObjectNode();
        o.put("name", info.name());
        o.put("type", info.type().wireName());
        o.put("version", info.version());
        ObjectNode fields = o.putObject("fields");
        info.fields().forEach(fields::put);
        o.put("createdAt", info.createdAt().toString());
        o.put("updatedAt", info.updatedAt().toString());
        return o;
    }
}
