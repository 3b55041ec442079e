package dev.weft.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.server.http.ApiException;
import dev.weft.server.http.Exchange;
import dev.weft.server.http.Route;
import dev.weft.vault.CredentialInfo;
import dev.weft.vault.CredentialFields;
import dev.weft.vault.InvalidCredentialException;
import dev.weft.vault.Vault;
import java.util.List;
import java.util.Map;

/** {@code /api/v1/credentials}: write-only secrets. Reads return metadata only, never a secret value. */
public final class CredentialsApi {
    private final Vault vault;

    public CredentialsApi(Vault vault) {
        this.vault = vault;
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
        String name = name(x);
        boolean existed = vault.info(x.tenant(), name).isPresent();
        CredentialInfo info;
        try {
            info = vault.put(x.tenant(), name, body);
        } catch (InvalidCredentialException e) {
            throw ApiException.badRequest("credential.invalid", e.getMessage());
        }
        x.json(existed ? 200 : 201, view(info));
    }

    private void get(Exchange x) {
        String name = name(x);
        x.json(200, view(vault.info(x.tenant(), name)
                .orElseThrow(() -> ApiException.notFound("no credential " + name))));
    }

    private void list(Exchange x) {
        ObjectNode body = Exchange.JSON.createObjectNode();
        ArrayNode items = body.putArray("credentials");
        vault.list(x.tenant()).forEach(i -> items.add(view(i)));
        x.json(200, body);
    }

    private void delete(Exchange x) {
        String name = name(x);
        if (!vault.delete(x.tenant(), name)) {
            throw ApiException.notFound("no credential " + name);
        }
        x.send(204, null, new byte[0], Map.of());
    }

    /** The credential name of the path, or 400 saying what a name may be (it is checked before any use). */
    private static String name(Exchange x) {
        String name = x.param("name");
        if (!Vault.NAME.matcher(name).matches()) {
            String shown = name.length() > 40 ? name.substring(0, 40) + "…" : name;
            throw ApiException.badRequest("credential.invalid_name", "the credential name in the path, '"
                    + shown
                    + "', is invalid: use 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or"
                    + " digit");
        }
        return name;
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
