package dev.weft.connector.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.CredentialType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps a document's security schemes to the vault's credential types, which the gateway applies. */
final class SecuritySchemes {
    private SecuritySchemes() {
    }

    static List<SecurityScheme> read(JsonNode root, boolean swagger2) {
        JsonNode schemes = swagger2
                ? root.path("securityDefinitions")
                : root.path("components")
                        .path("securitySchemes");
        Refs refs = new Refs(root);
        List<SecurityScheme> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : schemes.properties()) {
            JsonNode scheme;
            try {
                scheme = refs.deref(entry.getValue());
            } catch (NotMappable e) {
                out.add(new SecurityScheme(entry.getKey(), "$ref", null, e.getMessage()));
                continue;
            }
            out.add(map(entry.getKey(), scheme));
        }
        return out;
    }

    private static SecurityScheme map(String name, JsonNode s) {
        String type = s.path("type").asText();
        switch (type) {
            case "basic" -> {
                return new SecurityScheme(name, "basic", CredentialType.BASIC, "a basic credential (username"
                        + " and password)");
            }
            case "http" -> {
                String scheme = s.path("scheme").asText().toLowerCase(Locale.ROOT);
                String kind = "http " + scheme;
                return switch (scheme) {
                    case "basic" -> new SecurityScheme(name, kind, CredentialType.BASIC,
                            "a basic credential (username and password)");
                    case "bearer" -> new SecurityScheme(name, kind, CredentialType.BEARER,
                            "a bearer credential (the token" + (s.has("bearerFormat")
                                    ? ", " + s.get("bearerFormat").asText()
                                    : "") + ")");
                    default -> new SecurityScheme(name, kind, null, "not mapped: the gateway sends basic and"
                            + " bearer HTTP authorization, not '" + scheme + "'");
                };
            }
            case "apiKey" -> {
                String in = s.path("in").asText();
                String header = s.path("name").asText();
                String kind = "apiKey in " + in + " '" + header + "'";
                if (in.equals("header") || in.equals("query")) {
                    return new SecurityScheme(name, kind, CredentialType.API_KEY,
                            "an apiKey credential with in: " + in + ", name: " + header);
                }
                return new SecurityScheme(name, kind, null, "not mapped: the gateway sends an API key in a"
                        + " header or the query, not in a " + in);
            }
            case "oauth2" -> {
                return oauth2(name, s);
            }
            case "openIdConnect" -> {
                return new SecurityScheme(name, "openIdConnect", CredentialType.OAUTH2_REFRESH_TOKEN,
                        "an oauth2RefreshToken credential with the token endpoint that "
                                + s.path("openIdConnectUrl").asText("the discovery document") + " names");
            }
            default -> {
                return new SecurityScheme(name, type, null, "not mapped: the gateway has no credential for '"
                        + type + "'");
            }
        }
    }

    private static SecurityScheme oauth2(String name, JsonNode s) {
        List<String> flows = new ArrayList<>();
        String tokenUrl = null;
        CredentialType credential = null;
        if (s.has("flows")) {
            s.get("flows").fieldNames().forEachRemaining(flows::add);
            if (flows.contains("clientCredentials")) {
                credential = CredentialType.OAUTH2_CLIENT_CREDENTIALS;
                tokenUrl = s.path("flows").path("clientCredentials").path("tokenUrl").asText(null);
            } else if (flows.contains("authorizationCode")) {
                credential = CredentialType.OAUTH2_REFRESH_TOKEN;
                tokenUrl = s.path("flows").path("authorizationCode").path("tokenUrl").asText(null);
            }
        } else {
            String flow = s.path("flow").asText();
            flows.add(flow);
            tokenUrl = s.path("tokenUrl").asText(null);
            credential = switch (flow) {
                case "application" -> CredentialType.OAUTH2_CLIENT_CREDENTIALS;
                case "accessCode" -> CredentialType.OAUTH2_REFRESH_TOKEN;
                default -> null;
            };
        }
        String kind = "oauth2 (" + String.join(", ", flows) + ")";
        if (credential == null) {
            return new SecurityScheme(name, kind, null, "not mapped: the " + String.join(" and ", flows)
                    + " flow gives a token to a browser or takes a user's password; a server uses client"
                    + " credentials or a refresh token");
        }
        return new SecurityScheme(name, kind, credential, "an " + credential.wireName() + " credential"
                + (tokenUrl == null ? "" : " with tokenUrl " + tokenUrl));
    }
}
