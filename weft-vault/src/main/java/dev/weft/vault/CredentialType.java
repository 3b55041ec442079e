package dev.weft.vault;

import static dev.weft.vault.CredentialField.metadata;
import static dev.weft.vault.CredentialField.optionalMetadata;
import static dev.weft.vault.CredentialField.optionalSecret;
import static dev.weft.vault.CredentialField.secret;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The kinds of credential the vault holds, each with its fields, named as in the API. Immutable. */
public enum CredentialType {
    SECRET("secret", secret("value")), BASIC("basic", metadata("username"), secret("password")), BEARER(
            "bearer", secret("token")), API_KEY("apiKey", metadata("in", "header", "query"), metadata("name"),
                    secret("value")), OAUTH2_CLIENT_CREDENTIALS("oauth2ClientCredentials",
                            metadata("tokenUrl"), metadata("clientId"),
                            secret("clientSecret"), optionalMetadata("scope")), OAUTH2_REFRESH_TOKEN(
                                    "oauth2RefreshToken", metadata("tokenUrl"), metadata("clientId"),
                                    optionalSecret("clientSecret"), secret("refreshToken"),
                                    optionalMetadata("scope")), HMAC("hmac",
                                            optionalMetadata("keyId"), secret("secret"),
                                            optionalMetadata("algorithm",
                                                    dev.weft.connector.Credential.Hmac.ALGORITHMS
                                                            .toArray(String[]::new)),
                                            optionalMetadata("header"));

    private final String wireName;
    private final List<CredentialField> fields;

    CredentialType(String wireName, CredentialField... fields) {
        this.wireName = wireName;
        this.fields = List.of(fields);
    }

    /** The name used in request bodies and in the store: {@code basic}, {@code apiKey}. */
    public String wireName() {
        return wireName;
    }

    /** The type's fields in their documented order. */
    public List<CredentialField> fields() {
        return fields;
    }

    public Optional<CredentialField> field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public static Optional<CredentialType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    /** {@code secret, basic, bearer, apiKey, ...}, for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(CredentialType::wireName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
