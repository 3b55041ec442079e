package dev.weft.connector;

import java.util.Objects;

/**
 * A credential from the vault, decrypted for one system's client. Every secret field stays out of
 * {@link #toString()}, so that a credential logged or put in an error by mistake shows no secret; a
 * connector must never copy one into an output, an error's details or a log line (the connector contract
 * suite checks outputs and errors). Immutable.
 */
public sealed interface Credential {

    CredentialType type();

    /** A single secret value (a password, a key, a webhook signing secret). */
    record Secret(String value) implements Credential {
        public Secret {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public CredentialType type() {
            return CredentialType.SECRET;
        }

        @Override
        public String toString() {
            return "Secret[value=***]";
        }
    }

    /** A user name and password. */
    record Basic(String username, String password) implements Credential {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public CredentialType type() {
            return CredentialType.BASIC;
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=***]";
        }
    }

    /** A bearer token, sent as {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements Credential {
        public Bearer {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public CredentialType type() {
            return CredentialType.BEARER;
        }

        @Override
        public String toString() {
            return "Bearer[token=***]";
        }
    }

    /** An API key sent in a header or a query parameter named {@code name}. */
    record ApiKey(Location in, String name, String value) implements Credential {
        /** Where an API key goes. */
        public enum Location {
            HEADER, QUERY
        }

        public ApiKey {
            Objects.requireNonNull(in, "in");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public CredentialType type() {
            return CredentialType.API_KEY;
        }

        @Override
        public String toString() {
            return "ApiKey[in=" + in + ", name=" + name + ", value=***]";
        }
    }

    /** OAuth 2.0 client credentials grant (RFC 6749 4.4): the platform fetches and caches the token. */
    record OAuth2ClientCredentials(String tokenUrl, String clientId, String clientSecret, String scope)
            implements
                Credential {
        public OAuth2ClientCredentials {
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
        }

        @Override
        public CredentialType type() {
            return CredentialType.OAUTH2_CLIENT_CREDENTIALS;
        }

        @Override
        public String toString() {
            return "OAuth2ClientCredentials[tokenUrl=" + tokenUrl + ", clientId=" + clientId
                    + ", clientSecret=***, scope=" + scope + "]";
        }
    }

    /**
     * OAuth 2.0 refresh token grant (RFC 6749 6): the platform gets access tokens with the refresh token and,
     * when the token endpoint rotates it, stores the new one in the vault. {@code clientSecret} and
     * {@code scope} may be null (a public client sends only its id).
     */
    record OAuth2RefreshToken(String tokenUrl, String clientId, String clientSecret, String refreshToken,
            String scope) implements Credential {
        public OAuth2RefreshToken {
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(refreshToken, "refreshToken");
        }

        @Override
        public CredentialType type() {
            return CredentialType.OAUTH2_REFRESH_TOKEN;
        }

        @Override
        public String toString() {
            return "OAuth2RefreshToken[tokenUrl=" + tokenUrl + ", clientId=" + clientId
                    + ", clientSecret=***, refreshToken=***, scope=" + scope + "]";
        }
    }

    /**
     * OAuth 2.0 JWT bearer grant (RFC 7523 2.1), as Salesforce's server-to-server flow uses it (Google's service
     * accounts, which want the scope as a claim, are not covered):
     * the platform signs an assertion ({@code iss} the client, {@code sub} the user, {@code aud} the
     * {@code audience} or else the token URL) with {@code privateKey} (PKCS#8 PEM, RSA or EC) and trades it
     * for an access token. {@code keyId}, {@code audience} and {@code scope} may be null; {@code algorithm} is
     * one of {@link #ALGORITHMS}.
     */
    record OAuth2JwtBearer(String tokenUrl, String clientId, String subject, String audience,
            String privateKey, String keyId, String algorithm, String scope) implements Credential {
        /** The JWS algorithms a credential may name (RFC 7518 3.1). */
        public static final java.util.List<String> ALGORITHMS = java.util.List.of("RS256", "RS384", "RS512",
                "ES256", "ES384", "ES512");
        public static final String DEFAULT_ALGORITHM = "RS256";

        public OAuth2JwtBearer {
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(algorithm, "algorithm");
        }

        @Override
        public CredentialType type() {
            return CredentialType.OAUTH2_JWT_BEARER;
        }

        @Override
        public String toString() {
            return "OAuth2JwtBearer[tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", subject=" + subject
                    + ", audience=" + audience + ", privateKey=***, keyId=" + keyId + ", algorithm="
                    + algorithm + ", scope=" + scope + "]";
        }
    }

    /**
     * A login that yields a token: the platform posts {@code {usernameField: username, passwordField:
     * password}} as JSON to {@code loginUrl}, takes the token at {@code tokenPointer} (a JSON pointer) of the
     * answer, and sends it in {@code header} ({@code Authorization: <scheme> <token>}; any other header gets
     * the token alone). The token is kept until a 401, or until its {@code exp} when it is a JWT.
     */
    record SessionLogin(String loginUrl, String username, String password, String usernameField,
            String passwordField, String tokenPointer, String header, String scheme) implements Credential {
        public static final String DEFAULT_USERNAME_FIELD = "username";
        public static final String DEFAULT_PASSWORD_FIELD = "password";
        public static final String DEFAULT_TOKEN_POINTER = "/token";
        public static final String DEFAULT_HEADER = "Authorization";
        public static final String DEFAULT_SCHEME = "Bearer";

        public SessionLogin {
            Objects.requireNonNull(loginUrl, "loginUrl");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(usernameField, "usernameField");
            Objects.requireNonNull(passwordField, "passwordField");
            Objects.requireNonNull(tokenPointer, "tokenPointer");
            Objects.requireNonNull(header, "header");
            Objects.requireNonNull(scheme, "scheme");
        }

        @Override
        public CredentialType type() {
            return CredentialType.SESSION_LOGIN;
        }

        @Override
        public String toString() {
            return "SessionLogin[loginUrl=" + loginUrl + ", username=" + username
                    + ", password=***, usernameField="
                    + usernameField + ", passwordField=" + passwordField + ", tokenPointer=" + tokenPointer
                    + ", header=" + header + ", scheme=" + scheme + "]";
        }
    }

    /**
     * A key that signs each request: an HMAC of the method, path, timestamp and body, sent in
     * {@code header} with {@code keyId} (null when there is none) and {@code algorithm} ({@code HmacSHA256} or
     * {@code HmacSHA512}); see the gateway's docs for the exact string signed.
     */
    record Hmac(String keyId, String secret, String algorithm, String header) implements Credential {
        /** The algorithms a credential may name, as the JDK's {@code Mac} names them. */
        public static final java.util.List<String> ALGORITHMS = java.util.List.of("HmacSHA256", "HmacSHA512");
        public static final String DEFAULT_ALGORITHM = "HmacSHA256";
        public static final String DEFAULT_HEADER = "X-Weft-Signature";
        /** The header that carries the signed timestamp; a credential's {@code header} cannot be this one. */
        public static final String TIMESTAMP_HEADER = "X-Weft-Timestamp";

        public Hmac {
            Objects.requireNonNull(secret, "secret");
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(header, "header");
        }

        @Override
        public CredentialType type() {
            return CredentialType.HMAC;
        }

        @Override
        public String toString() {
            return "Hmac[keyId=" + keyId + ", secret=***, algorithm=" + algorithm + ", header=" + header
                    + "]";
        }
    }
}
