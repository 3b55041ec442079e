package dev.weft.connector;

/** The kinds of credential the vault holds; a connector declares which of them it accepts. */
public enum CredentialType {
    SECRET("secret"), BASIC("basic"), BEARER("bearer"), API_KEY("apiKey"), OAUTH2_CLIENT_CREDENTIALS(
            "oauth2ClientCredentials"), OAUTH2_REFRESH_TOKEN("oauth2RefreshToken"), OAUTH2_JWT_BEARER(
                    "oauth2JwtBearer"), SESSION_LOGIN("sessionLogin"), HMAC("hmac");

    private final String wireName;

    CredentialType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the API and in flows, for example {@code apiKey}. */
    public String wireName() {
        return wireName;
    }

    /** The type named {@code name} as the API spells it. */
    public static CredentialType ofWireName(String name) {
        for (CredentialType t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        StringBuilder known = new StringBuilder();
        for (CredentialType t : values()) {
            known.append(known.isEmpty() ? "" : ", ").append(t.wireName);
        }
        throw new IllegalArgumentException("unknown credential type '" + name + "'; the types are " + known);
    }
}
