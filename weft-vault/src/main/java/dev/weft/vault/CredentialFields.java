package dev.weft.vault;

import static dev.weft.vault.CredentialField.metadata;
import static dev.weft.vault.CredentialField.optionalMetadata;
import static dev.weft.vault.CredentialField.optionalSecret;
import static dev.weft.vault.CredentialField.secret;

import dev.weft.connector.Credential;
import dev.weft.connector.CredentialType;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The fields each of the SDK's {@link CredentialType}s has in the vault, named as in the API and the store:
 * which are secret (encrypted, never shown by reads) and which metadata (stored in the clear and shown).
 * The types are the SDK's; only this field table is the vault's. Immutable.
 */
public final class CredentialFields {
    /**
     * The field of every type that names the systems allowed to use the credential, comma-separated; without
     * it, only the system that named it first may (docs/gateway.md, "Which systems a credential goes to").
     */
    public static final String SYSTEMS = "systems";

    private static final Map<CredentialType, List<CredentialField>> FIELDS = new EnumMap<>(Map.of(
            CredentialType.SECRET, List.of(secret("value"), optionalMetadata(SYSTEMS)),
            CredentialType.BASIC,
            List.of(metadata("username"), secret("password"), optionalMetadata(SYSTEMS)),
            CredentialType.BEARER, List.of(secret("token"), optionalMetadata(SYSTEMS)),
            CredentialType.API_KEY,
            List.of(metadata("in", "header", "query"), metadata("name"), secret("value"),
                    optionalMetadata(SYSTEMS)),
            CredentialType.OAUTH2_CLIENT_CREDENTIALS, List.of(metadata("tokenUrl"), metadata("clientId"),
                    secret("clientSecret"), optionalMetadata("scope"), optionalMetadata(SYSTEMS)),
            CredentialType.OAUTH2_REFRESH_TOKEN, List.of(metadata("tokenUrl"), metadata("clientId"),
                    optionalSecret("clientSecret"), secret("refreshToken"), optionalMetadata("scope"),
                    optionalMetadata(SYSTEMS)),
            CredentialType.OAUTH2_JWT_BEARER, List.of(metadata("tokenUrl"), metadata("clientId"),
                    metadata("subject"), optionalMetadata("audience"), secret("privateKey"),
                    optionalMetadata("keyId"),
                    optionalMetadata("algorithm",
                            Credential.OAuth2JwtBearer.ALGORITHMS.toArray(String[]::new)),
                    optionalMetadata("scope"), optionalMetadata(SYSTEMS)),
            CredentialType.SESSION_LOGIN, List.of(metadata("loginUrl"), metadata("username"),
                    secret("password"), optionalMetadata("usernameField"), optionalMetadata("passwordField"),
                    optionalMetadata("tokenPointer"), optionalMetadata("header"), optionalMetadata("scheme"),
                    optionalMetadata(SYSTEMS)),
            CredentialType.HMAC, List.of(optionalMetadata("keyId"), secret("secret"),
                    optionalMetadata("algorithm", Credential.Hmac.ALGORITHMS.toArray(String[]::new)),
                    optionalMetadata("header"), optionalMetadata(SYSTEMS))));

    /** The systems a credential's {@code systems} field names, in order; empty when it names none. */
    public static List<String> systems(Map<String, String> fields) {
        String value = fields.get(SYSTEMS);
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private CredentialFields() {
    }

    /** The type's fields in their documented order. */
    public static List<CredentialField> of(CredentialType type) {
        return FIELDS.get(type);
    }

    public static Optional<CredentialField> field(CredentialType type, String name) {
        return of(type).stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The type whose wire name (as in request bodies and in the store) is {@code wireName}. */
    public static Optional<CredentialType> type(String wireName) {
        return Arrays.stream(CredentialType.values()).filter(t -> t.wireName().equals(wireName)).findFirst();
    }

    /** {@code secret, basic, bearer, apiKey, ...}, for error messages. */
    public static String wireNames() {
        return Arrays.stream(CredentialType.values()).map(CredentialType::wireName)
                .collect(Collectors.joining(", "));
    }
}
