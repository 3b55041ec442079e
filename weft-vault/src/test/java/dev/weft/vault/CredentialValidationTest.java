package dev.weft.vault;

import static dev.weft.vault.Bodies.body;
import static dev.weft.vault.Bodies.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.connector.CredentialType;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialValidationTest {

    @TempDir
    Path dir;
    final InMemoryCredentialStore store = new InMemoryCredentialStore();
    Vault vault;

    @BeforeEach
    void open() {
        vault = Vault.open(MasterKeySource.ofKeyFile(dir.resolve("master.key")), store, new TestClock());
    }

    private void refused(JsonNode body, String message) {
        assertThatThrownBy(() -> vault.put("acme", "erp", body))
                .isInstanceOf(InvalidCredentialException.class)
                .hasMessage(message);
        assertThat(store.allCredentials()).isEmpty();
    }

    @Test
    void refusesAFieldTheTypeDoesNotHave() {
        refused(body("type", "basic", "username", "alice", "password", "pw", "passwrd", "pw"),
                "credential 'erp': field 'passwrd' is not a field of type basic (expected username, password,"
                        + " systems)");
    }

    @Test
    void refusesAMissingRequiredField() {
        refused(body("type", "basic", "username", "alice"),
                "credential 'erp': field 'password' is required for type basic (fields username, password,"
                        + " systems)");
    }

    @Test
    void refusesAFieldOfTheWrongJsonType() {
        refused(json("{\"type\":\"bearer\",\"token\":12345}"),
                "credential 'erp': field 'token' of type bearer must be a string, but was a number");
        refused(json("{\"type\":\"bearer\",\"token\":{\"v\":\"x\"}}"),
                "credential 'erp': field 'token' of type bearer must be a string, but was an object");
    }

    @Test
    void refusesAnEmptyValue() {
        refused(body("type", "secret", "value", ""),
                "credential 'erp': field 'value' of type secret must not be empty");
    }

    @Test
    void refusesAValueLongerThanTheLimit() {
        refused(body("type", "secret", "value", "x".repeat(65_537)),
                "credential 'erp': field 'value' of type secret must be at most 65536 characters, but has 65537");
    }

    @Test
    void refusesAnUnknownOrMissingType() {
        refused(body("type", "kerberos", "value", "v"),
                "credential 'erp': type 'kerberos' is not a credential type"
                        + " (expected secret, basic, bearer, apiKey, oauth2ClientCredentials, oauth2RefreshToken, oauth2JwtBearer, sessionLogin, hmac)");
        refused(body("value", "v"), "credential 'erp': field 'type' is required"
                + " (expected secret, basic, bearer, apiKey, oauth2ClientCredentials, oauth2RefreshToken, oauth2JwtBearer, sessionLogin, hmac)");
        refused(json("{\"type\":true}"), "credential 'erp': field 'type' must be a string, but was a boolean"
                + " (expected secret, basic, bearer, apiKey, oauth2ClientCredentials, oauth2RefreshToken, oauth2JwtBearer, sessionLogin, hmac)");
    }

    @Test
    void refusesABodyThatIsNotAnObject() {
        refused(json("[]"),
                "credential 'erp': the body must be a JSON object with a field 'type' (secret, basic,"
                        + " bearer, apiKey, oauth2ClientCredentials, oauth2RefreshToken, oauth2JwtBearer, sessionLogin, hmac) and the type's fields");
    }

    @Test
    void refusesAnApiKeyPlacementOtherThanHeaderOrQuery() {
        refused(body("type", "apiKey", "in", "cookie", "name", "k", "value", "v"),
                "credential 'erp': field 'in' of type apiKey must be header or query");
    }

    @Test
    void refusesAHeaderNameThatIsNotAToken() {
        refused(body("type", "apiKey", "in", "header", "name", "X Api Key", "value", "v"),
                "credential 'erp': field 'name' of type apiKey must be a header name (letters, digits and"
                        + " !#$%&'*+-.^_`|~) when 'in' is header");
        vault.put("acme", "q", body("type", "apiKey", "in", "query", "name", "api key", "value", "v"));
    }

    @Test
    void refusesATokenUrlThatIsNotHttpOrCarriesUserInfo() {
        String message = "credential 'erp': field 'tokenUrl' of type oauth2ClientCredentials must be an absolute"
                + " http or https URL without user info (put the client secret in 'clientSecret')";
        for (String url : List.of("ftp://x.example/t", "/token", "https://cid:secret@x.example/t",
                "::")) {
            refused(body("type", "oauth2ClientCredentials", "tokenUrl", url, "clientId", "c", "clientSecret",
                    "s"),
                    message);
        }
    }

    @Test
    void refusesARefreshTokenCredentialWithoutItsTokenOrWithABadTokenUrl() {
        refused(body("type", "oauth2RefreshToken", "tokenUrl", "https://x.example/t", "clientId", "c"),
                "credential 'erp': field 'refreshToken' is required for type oauth2RefreshToken (fields tokenUrl,"
                        + " clientId, clientSecret, refreshToken, scope, systems)");
        refused(body("type", "oauth2RefreshToken", "tokenUrl", "x.example/t", "clientId", "c", "refreshToken",
                "r"),
                "credential 'erp': field 'tokenUrl' of type oauth2RefreshToken must be an absolute http or https"
                        + " URL without user info (put the client secret in 'clientSecret')");
        refused(body("type", "oauth2RefreshToken", "tokenUrl", "https://x.example/t", "clientId", "c",
                "refreshToken", "r", "clientSecret", ""),
                "credential 'erp': field 'clientSecret' of type oauth2RefreshToken must not be empty");
    }

    @Test
    void refusesAJwtBearerCredentialWhoseKeyIsNotPkcs8OrWhoseAlgorithmIsUnknown() {
        String pem = pem(2048);
        refused(body("type", "oauth2JwtBearer", "tokenUrl", "https://login.example/token", "clientId", "c",
                "subject", "u@example.com", "privateKey", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n"),
                "credential 'erp': field 'privateKey' of type oauth2JwtBearer must be a PKCS#8 private key in"
                        + " PEM (-----BEGIN PRIVATE KEY----- ...); convert a PKCS#1 key (BEGIN RSA PRIVATE KEY)"
                        + " or an EC key with 'openssl pkcs8 -topk8 -nocrypt -in key.pem'");
        refused(body("type", "oauth2JwtBearer", "tokenUrl", "https://login.example/token", "clientId", "c",
                "subject", "u", "privateKey", pem, "algorithm", "HS256"),
                "credential 'erp': field 'algorithm' of type oauth2JwtBearer must be RS256 or RS384 or RS512"
                        + " or ES256 or ES384 or ES512");
        refused(body("type", "oauth2JwtBearer", "tokenUrl", "https://login.example/token", "clientId", "c",
                "privateKey", pem),
                "credential 'erp': field 'subject' is required for type oauth2JwtBearer (fields tokenUrl,"
                        + " clientId, subject, audience, privateKey, keyId, algorithm, scope, systems)");
        refused(body("type", "oauth2JwtBearer", "tokenUrl", "https://login.example/token", "clientId", "c",
                "subject", "u", "privateKey", pem(1024)),
                "credential 'erp': field 'privateKey' of type oauth2JwtBearer is an RSA key of 1024 bits; JWT"
                        + " assertions need at least 2048 (RFC 7518 3.3)");
        refused(body("type", "oauth2JwtBearer", "tokenUrl", "https://login.example/token", "clientId", "c",
                "subject", "u", "privateKey",
                "-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----"),
                "credential 'erp': field 'privateKey' of type oauth2JwtBearer has a body that is not Base64 (a key"
                        + " pasted with literal \\n instead of line breaks?)");
        CredentialInfo written = vault.put("acme", "sf", body("type", "oauth2JwtBearer", "tokenUrl",
                "https://login.example/token", "clientId", "c", "subject", "u", "privateKey", pem));
        assertThat(written.fields()).doesNotContainKey("privateKey").containsEntry("subject", "u");
    }

    private static String pem(int bits) {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                    generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void refusesASessionLoginWithABadUrlPointerHeaderOrScheme() {
        refused(body("type", "sessionLogin", "loginUrl", "https://me:pw@erp.example/api/login", "username",
                "u",
                "password", "p"),
                "credential 'erp': field 'loginUrl' of type sessionLogin must be an absolute http or https URL"
                        + " without user info (put the user in 'username' and the password in 'password')");
        refused(body("type", "sessionLogin", "loginUrl", "https://erp.example/api/login", "username", "u",
                "password", "p", "tokenPointer", "result.token"),
                "credential 'erp': field 'tokenPointer' of type sessionLogin must be a JSON pointer to the token"
                        + " in the login's answer, such as /token or /result/token");
        refused(body("type", "sessionLogin", "loginUrl", "https://erp.example/api/login", "username", "u",
                "password", "p", "scheme", "Bearer token"),
                "credential 'erp': field 'scheme' of type sessionLogin must be an authorization scheme such as"
                        + " Bearer or Token (letters, digits and !#$%&'*+-.^_`|~)");
        refused(body("type", "sessionLogin", "loginUrl", "https://erp.example/api/login", "username", "u",
                "password", "p", "header", "X Token"),
                "credential 'erp': field 'header' of type sessionLogin must be a header name (letters, digits"
                        + " and !#$%&'*+-.^_`|~), such as Authorization or X-Auth-Token");
        vault.put("acme", "idurar", body("type", "sessionLogin", "loginUrl", "https://erp.example/api/login",
                "username", "admin@example.com", "password", "p", "usernameField", "email", "tokenPointer",
                "/result/token"));
    }

    @Test
    void refusesAnHmacAlgorithmOrHeaderItCannotSign() {
        refused(body("type", "hmac", "secret", "s", "algorithm", "HmacMD5"),
                "credential 'erp': field 'algorithm' of type hmac must be HmacSHA256 or HmacSHA512");
        refused(body("type", "hmac", "secret", "s", "header", "X Signature"),
                "credential 'erp': field 'header' of type hmac must be a header name (letters, digits and"
                        + " !#$%&'*+-.^_`|~)");
        refused(body("type", "hmac", "secret", "s", "header", "x-weft-timestamp"),
                "credential 'erp': field 'header' of type hmac must not be X-Weft-Timestamp, which carries the"
                        + " signed timestamp (leave it out for X-Weft-Signature)");
        refused(body("type", "hmac", "secret", "s", "keyId", "k1,algorithm=none"),
                "credential 'erp': field 'keyId' of type hmac must be letters, digits and ._~:/+=- (it is sent in"
                        + " the signature header, whose parts commas separate)");
        refused(body("type", "hmac", "keyId", "k1"),
                "credential 'erp': field 'secret' is required for type hmac (fields keyId, secret, algorithm,"
                        + " header, systems)");
    }

    @Test
    void reportsEveryProblemOfABodyAtOnce() {
        refused(json("{\"type\":\"apiKey\",\"in\":\"body\",\"value\":7,\"extra\":\"x\"}"),
                "credential 'erp': field 'in' of type apiKey must be header or query; field 'value' of type apiKey"
                        + " must be a string, but was a number; field 'extra' is not a field of type apiKey (expected"
                        + " in, name, value, systems); field 'name' is required for type apiKey (fields in, name,"
                        + " value, systems)");
    }

    @Test
    void treatsANullOptionalFieldAsAbsent() {
        CredentialInfo info = vault.put("acme", "sf",
                json("{\"type\":\"oauth2ClientCredentials\",\"tokenUrl\":"
                        + "\"https://x.example/t\",\"clientId\":\"c\",\"clientSecret\":\"s\",\"scope\":null}"));

        assertThat(info.fields()).doesNotContainKey("scope").containsEntry("clientId", "c");
    }

    @Test
    void eachTypeDeclaresWhichFieldsAreSecret() {
        assertThat(CredentialFields.of(CredentialType.BASIC))
                .extracting(CredentialField::name, CredentialField::secret)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("username", false),
                        org.assertj.core.groups.Tuple.tuple("password", true),
                        org.assertj.core.groups.Tuple.tuple("systems", false));
        assertThat(CredentialType.values()).allSatisfy(type -> assertThat(CredentialFields.of(type))
                .filteredOn(CredentialField::secret).extracting(CredentialField::name)
                .containsExactlyElementsOf(switch (type) {
                    case SECRET, API_KEY -> List.of("value");
                    case BASIC -> List.of("password");
                    case BEARER -> List.of("token");
                    case OAUTH2_CLIENT_CREDENTIALS -> List.of("clientSecret");
                    case OAUTH2_REFRESH_TOKEN -> List.of("clientSecret", "refreshToken");
                    case OAUTH2_JWT_BEARER -> List.of("privateKey");
                    case SESSION_LOGIN -> List.of("password");
                    case HMAC -> List.of("secret");
                }));
        assertThat(CredentialFields.type("oauth2ClientCredentials"))
                .contains(CredentialType.OAUTH2_CLIENT_CREDENTIALS);
    }
}
