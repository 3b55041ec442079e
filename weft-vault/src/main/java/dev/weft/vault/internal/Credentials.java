package dev.weft.vault.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.Credential;
import dev.weft.store.SealedCredential;
import dev.weft.vault.CredentialField;
import dev.weft.vault.CredentialInfo;
import dev.weft.connector.CredentialType;
import dev.weft.vault.CredentialFields;
import dev.weft.vault.UnreadableCredentialException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Turns stored rows and decrypted secrets into the vault's public types. Stateless and thread-safe. */
public final class Credentials {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Credentials() {
    }

    /** A row's type, or an error naming the credential when the row holds an unknown one. */
    public static CredentialType type(SealedCredential row) {
        return CredentialFields.type(row.type()).orElseThrow(() -> new UnreadableCredentialException(
                "credential '" + row.name() + "' of tenant '" + row.tenantId()
                        + "' cannot be read: its stored"
                        + " type is not one of " + CredentialFields.wireNames()));
    }

    /** What reads show: the row's metadata fields only, even if the row held more. */
    public static CredentialInfo info(SealedCredential row) {
        CredentialType type = type(row);
        Map<String, String> fields = new LinkedHashMap<>();
        for (CredentialField field : CredentialFields.of(type)) {
            JsonNode value = row.metadata() == null ? null : row.metadata().get(field.name());
            if (!field.secret() && value != null && value.isTextual()) {
                fields.put(field.name(), value.textValue());
            }
        }
        return new CredentialInfo(row.name(), type, row.version(), fields, row.createdAt(), row.updatedAt());
    }

    public static byte[] secretsJson(ObjectNode secrets) {
        try {
            return MAPPER.writeValueAsBytes(secrets);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON object of strings could not be written", e);
        }
    }

    /**
     * The SDK's credential of a row whose secrets decrypted to {@code plaintext}: the record connectors
     * receive. The stored format (metadata and secret field names) is the vault's own and does not change
     * with it.
     */
    public static Credential credential(SealedCredential row, Envelope.Ref ref, byte[] plaintext) {
        CredentialType type = type(row);
        Fields f = new Fields(ref, type, row.metadata(), secrets(ref, plaintext));
        return switch (type) {
            case SECRET -> new Credential.Secret(f.secret("value"));
            case BASIC -> new Credential.Basic(f.metadata("username"), f.secret("password"));
            case BEARER -> new Credential.Bearer(f.secret("token"));
            case API_KEY -> new Credential.ApiKey(location(ref, f.metadata("in")), f.metadata("name"),
                    f.secret("value"));
            case OAUTH2_CLIENT_CREDENTIALS -> new Credential.OAuth2ClientCredentials(f.metadata("tokenUrl"),
                    f.metadata("clientId"), f.secret("clientSecret"), f.optionalMetadata("scope"));
            case OAUTH2_REFRESH_TOKEN -> new Credential.OAuth2RefreshToken(f.metadata("tokenUrl"),
                    f.metadata("clientId"), f.optionalSecret("clientSecret"), f.secret("refreshToken"),
                    f.optionalMetadata("scope"));
            case OAUTH2_JWT_BEARER -> new Credential.OAuth2JwtBearer(f.metadata("tokenUrl"),
                    f.metadata("clientId"), f.metadata("subject"), f.optionalMetadata("audience"),
                    f.secret("privateKey"), f.optionalMetadata("keyId"),
                    f.optionalMetadata("algorithm", Credential.OAuth2JwtBearer.DEFAULT_ALGORITHM),
                    f.optionalMetadata("scope"));
            case SESSION_LOGIN -> new Credential.SessionLogin(f.metadata("loginUrl"), f.metadata("username"),
                    f.secret("password"),
                    f.optionalMetadata("usernameField", Credential.SessionLogin.DEFAULT_USERNAME_FIELD),
                    f.optionalMetadata("passwordField", Credential.SessionLogin.DEFAULT_PASSWORD_FIELD),
                    f.optionalMetadata("tokenPointer", Credential.SessionLogin.DEFAULT_TOKEN_POINTER),
                    f.optionalMetadata("header", Credential.SessionLogin.DEFAULT_HEADER),
                    f.optionalMetadata("scheme", Credential.SessionLogin.DEFAULT_SCHEME));
            case HMAC -> new Credential.Hmac(f.optionalMetadata("keyId"), f.secret("secret"),
                    Optional.ofNullable(f.optionalMetadata("algorithm"))
                            .orElse(Credential.Hmac.DEFAULT_ALGORITHM),
                    Optional.ofNullable(f.optionalMetadata("header")).orElse(Credential.Hmac.DEFAULT_HEADER));
        };
    }

    /**
     * The body a write of the row's current fields would have ({@code {type, ...metadata, ...secrets}}),
     * for a write that changes some of them. Holds secrets: never log it.
     */
    public static ObjectNode fields(SealedCredential row, Envelope.Ref ref, byte[] plaintext) {
        CredentialType type = type(row);
        JsonNode secrets = secrets(ref, plaintext);
        ObjectNode body = MAPPER.createObjectNode();
        body.put("type", type.wireName());
        for (CredentialField field : CredentialFields.of(type)) {
            JsonNode from = field.secret() ? secrets : row.metadata();
            JsonNode value = from == null ? null : from.get(field.name());
            if (value != null && value.isTextual()) {
                body.put(field.name(), value.textValue());
            }
        }
        return body;
    }

    private static JsonNode secrets(Envelope.Ref ref, byte[] plaintext) {
        try {
            JsonNode secrets = MAPPER.readTree(plaintext);
            if (secrets == null || !secrets.isObject()) {
                throw unreadable(ref, "its decrypted secret fields are not a JSON object");
            }
            return secrets;
        } catch (IOException e) {
            // The parser's message may quote the plaintext.
            throw unreadable(ref, "its decrypted secret fields are not JSON");
        }
    }

    private static Credential.ApiKey.Location location(Envelope.Ref ref, String in) {
        return switch (in) {
            case "header" -> Credential.ApiKey.Location.HEADER;
            case "query" -> Credential.ApiKey.Location.QUERY;
            default -> throw unreadable(ref, "its metadata field 'in' is neither header nor query");
        };
    }

    private record Fields(Envelope.Ref ref, CredentialType type, JsonNode metadata, JsonNode secrets) {

        String secret(String name) {
            return required(secrets, name, "secret");
        }

        String metadata(String name) {
            return required(metadata, name, "metadata");
        }

        String optionalMetadata(String name) {
            return optional(metadata, name);
        }

        String optionalMetadata(String name, String otherwise) {
            String value = optional(metadata, name);
            return value != null ? value : otherwise;
        }

        String optionalSecret(String name) {
            return optional(secrets, name);
        }

        private static String optional(JsonNode node, String name) {
            JsonNode value = node == null ? null : node.get(name);
            return value != null && value.isTextual() ? value.textValue() : null;
        }

        private String required(JsonNode node, String name, String kind) {
            JsonNode value = node == null ? null : node.get(name);
            if (value == null || !value.isTextual()) {
                throw unreadable(ref, "its " + kind + " field '" + name + "' of type " + type.wireName()
                        + " is missing");
            }
            return value.textValue();
        }

        @Override
        public String toString() {
            return "Fields[" + ref.describe() + "]";
        }
    }

    private static UnreadableCredentialException unreadable(Envelope.Ref ref, String reason) {
        return new UnreadableCredentialException(ref.describe() + " cannot be read: " + reason);
    }
}
