package dev.weft.vault.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.vault.CredentialField;
import dev.weft.connector.CredentialType;
import dev.weft.vault.CredentialFields;
import dev.weft.connector.Credential;
import dev.weft.vault.InvalidCredentialException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a credential's name and the body of a write ({@code {type, ...fields}}) and splits the fields
 * into metadata and secrets. Messages name the credential, the field and what is expected, and never
 * quote a submitted value. Stateless and thread-safe.
 */
public final class CredentialParser {

    /** A credential name: a letter or digit, then up to 127 letters, digits, '.', '_' or '-'. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** The longest value a field may have, in characters (room for a PEM key or a service account). */
    public static final int MAX_FIELD_LENGTH = 65_536;

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final String PKCS8_BEGIN = "-----BEGIN PRIVATE KEY-----";
    /** An HMAC key id: it goes into the signature header, whose parts commas separate. */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._~:/+=-]+");

    private CredentialParser() {
    }

    /** A checked write: the type, its metadata fields and its secret fields, each a JSON object of strings. */
    public record Parsed(CredentialType type, ObjectNode metadata, ObjectNode secrets) {

        @Override
        public String toString() {
            return "Parsed[type=" + type + ", metadata=" + metadata + ", secrets=***]";
        }
    }

    public static void checkTenant(String tenant) {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("tenant must not be blank, but was '" + tenant + "'");
        }
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            String shown = name == null ? "null" : "'" + abbreviate(name) + "'";
            throw new InvalidCredentialException("credential name " + shown + " is invalid: use 1 to 128 "
                    + "letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    public static Parsed parse(String name, JsonNode body) {
        checkName(name);
        String prefix = "credential '" + name + "': ";
        if (body == null || !body.isObject()) {
            throw new InvalidCredentialException(
                    prefix + "the body must be a JSON object with a field 'type' ("
                            + CredentialFields.wireNames() + ") and the type's fields");
        }
        CredentialType type = type(prefix, body.get("type"));
        List<String> problems = new ArrayList<>();
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        ObjectNode secrets = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> entry : body.properties()) {
            if (entry.getKey().equals("type") || entry.getValue().isNull()) {
                continue;
            }
            Optional<CredentialField> field = CredentialFields.field(type, entry.getKey());
            if (field.isEmpty()) {
                problems.add(
                        "field '" + abbreviate(entry.getKey()) + "' is not a field of type " + type.wireName()
                                + " (expected " + fieldNames(type) + ")");
                continue;
            }
            String problem = check(type, field.get(), entry.getValue());
            if (problem != null) {
                problems.add(problem);
            } else {
                (field.get().secret() ? secrets : metadata).put(entry.getKey(), entry.getValue().textValue());
            }
        }
        for (CredentialField field : CredentialFields.of(type)) {
            JsonNode value = body.get(field.name());
            if (field.required() && (value == null || value.isNull())) {
                problems.add(
                        "field '" + field.name() + "' is required for type " + type.wireName() + " (fields "
                                + fieldNames(type) + ")");
            }
        }
        if (problems.isEmpty()) {
            checkHeaderName(type, metadata, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidCredentialException(prefix + String.join("; ", problems));
        }
        return new Parsed(type, sorted(type, metadata), sorted(type, secrets));
    }

    private static CredentialType type(String prefix, JsonNode type) {
        String expected = " (expected " + CredentialFields.wireNames() + ")";
        if (type == null || type.isNull()) {
            throw new InvalidCredentialException(prefix + "field 'type' is required" + expected);
        }
        if (!type.isTextual()) {
            throw new InvalidCredentialException(
                    prefix + "field 'type' must be a string, but was " + kind(type) + expected);
        }
        return CredentialFields.type(type.textValue()).orElseThrow(() -> new InvalidCredentialException(
                prefix + "type '" + abbreviate(type.textValue()) + "' is not a credential type" + expected));
    }

    /** The problem with one field's value, or null; never quotes the value. */
    private static String check(CredentialType type, CredentialField field, JsonNode value) {
        String subject = "field '" + field.name() + "' of type " + type.wireName();
        if (!value.isTextual()) {
            return subject + " must be a string, but was " + kind(value);
        }
        String text = value.textValue();
        if (text.isEmpty()) {
            return subject + " must not be empty";
        }
        if (text.length() > MAX_FIELD_LENGTH) {
            return subject + " must be at most " + MAX_FIELD_LENGTH + " characters, but has " + text.length();
        }
        if (!field.allowedValues().isEmpty() && !field.allowedValues().contains(text)) {
            return subject + " must be " + String.join(" or ", field.allowedValues());
        }
        if (field.name().equals(CredentialFields.SYSTEMS)) {
            for (String system : text.split(",")) {
                if (!NAME.matcher(system.strip()).matches()) {
                    return subject + " must be system ids separated by commas (such as \"crm,crm-sandbox\"),"
                            + " each 1 to 128 letters, digits, '.', '_' or '-'";
                }
            }
        }
        if (field.name().equals("tokenUrl") && !isHttpUrlWithoutUserInfo(text)) {
            return subject
                    + " must be an absolute http or https URL without user info (put the client secret in"
                    + " 'clientSecret')";
        }
        if (field.name().equals("loginUrl") && !isHttpUrlWithoutUserInfo(text)) {
            return subject + " must be an absolute http or https URL without user info (put the user in"
                    + " 'username' and the password in 'password')";
        }
        if (field.name().equals("privateKey") && !text.contains(PKCS8_BEGIN)) {
            return subject + " must be a PKCS#8 private key in PEM (" + PKCS8_BEGIN + " ...); convert a"
                    + " PKCS#1 key (BEGIN RSA PRIVATE KEY) or an EC key with 'openssl pkcs8 -topk8 -nocrypt"
                    + " -in key.pem'";
        }
        if (field.name().equals("privateKey")) {
            String problem = privateKeyProblem(text);
            if (problem != null) {
                return subject + " " + problem;
            }
        }
        if (field.name().equals("tokenPointer") && !isJsonPointer(text)) {
            return subject + " must be a JSON pointer to the token in the login's answer, such as /token or"
                    + " /result/token";
        }
        if ((field.name().equals("usernameField") || field.name().equals("passwordField"))
                && text.isBlank()) {
            return subject + " must name a field of the login's JSON body, such as email";
        }
        if (field.name().equals("scheme") && !HEADER_NAME.matcher(text).matches()) {
            return subject + " must be an authorization scheme such as Bearer or Token (letters, digits and"
                    + " !#$%&'*+-.^_`|~)";
        }
        return null;
    }

    private static void checkHeaderName(CredentialType type, ObjectNode metadata, List<String> problems) {
        if (type == CredentialType.API_KEY && metadata.path("in").asText().equals("header")
                && !HEADER_NAME.matcher(metadata.path("name").asText()).matches()) {
            problems.add(
                    "field 'name' of type apiKey must be a header name (letters, digits and !#$%&'*+-.^_`|~)"
                            + " when 'in' is header");
        }
        if (type == CredentialType.HMAC && metadata.has("keyId")
                && !KEY_ID.matcher(metadata.get("keyId").asText()).matches()) {
            problems.add("field 'keyId' of type hmac must be letters, digits and ._~:/+=- (it is sent in the"
                    + " signature header, whose parts commas separate)");
        }
        if (type == CredentialType.SESSION_LOGIN && metadata.has("header")
                && !HEADER_NAME.matcher(metadata.get("header").asText()).matches()) {
            problems.add("field 'header' of type sessionLogin must be a header name (letters, digits and"
                    + " !#$%&'*+-.^_`|~), such as Authorization or X-Auth-Token");
        }
        if (type == CredentialType.OAUTH2_JWT_BEARER && metadata.has("keyId")
                && metadata.get("keyId").asText().chars().anyMatch(Character::isISOControl)) {
            problems.add("field 'keyId' of type oauth2JwtBearer must not hold control characters");
        }
        if (type == CredentialType.HMAC && metadata.has("header")) {
            String header = metadata.get("header").asText();
            if (!HEADER_NAME.matcher(header).matches()) {
                problems.add("field 'header' of type hmac must be a header name (letters, digits and"
                        + " !#$%&'*+-.^_`|~)");
            } else if (header.equalsIgnoreCase(Credential.Hmac.TIMESTAMP_HEADER)) {
                problems.add("field 'header' of type hmac must not be " + Credential.Hmac.TIMESTAMP_HEADER
                        + ", which carries the signed timestamp (leave it out for "
                        + Credential.Hmac.DEFAULT_HEADER + ")");
            }
        }
    }

    /** Why a PKCS#8 PEM key cannot sign a JWT assertion, or null; never quotes the key. */
    private static String privateKeyProblem(String pem) {
        int begin = pem.indexOf(PKCS8_BEGIN);
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (end < begin) {
            return "has no -----END PRIVATE KEY----- line after its BEGIN line";
        }
        byte[] der;
        try {
            der = java.util.Base64.getDecoder().decode(pem.substring(begin + PKCS8_BEGIN.length(), end)
                    .replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return "has a body that is not Base64 (a key pasted with literal \\n instead of line breaks?)";
        }
        java.security.spec.PKCS8EncodedKeySpec spec = new java.security.spec.PKCS8EncodedKeySpec(der);
        try {
            java.security.PrivateKey key = java.security.KeyFactory.getInstance("RSA").generatePrivate(spec);
            if (key instanceof java.security.interfaces.RSAPrivateKey rsa
                    && rsa.getModulus().bitLength() < 2048) {
                return "is an RSA key of " + rsa.getModulus().bitLength()
                        + " bits; JWT assertions need at least"
                        + " 2048 (RFC 7518 3.3)";
            }
            return null;
        } catch (java.security.GeneralSecurityException notRsa) {
            try {
                java.security.KeyFactory.getInstance("EC").generatePrivate(spec);
                return null;
            } catch (java.security.GeneralSecurityException notEc) {
                return "is neither an RSA nor an EC private key";
            }
        }
    }

    private static boolean isJsonPointer(String text) {
        try {
            return text.startsWith("/") && com.fasterxml.jackson.core.JsonPointer.compile(text) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isHttpUrlWithoutUserInfo(String text) {
        try {
            URI uri = new URI(text);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** The fields in the type's documented order, so equal writes store equal metadata. */
    private static ObjectNode sorted(CredentialType type, ObjectNode fields) {
        ObjectNode sorted = JsonNodeFactory.instance.objectNode();
        for (CredentialField field : CredentialFields.of(type)) {
            if (fields.has(field.name())) {
                sorted.set(field.name(), fields.get(field.name()));
            }
        }
        return sorted;
    }

    private static String fieldNames(CredentialType type) {
        return CredentialFields.of(type).stream().map(CredentialField::name)
                .collect(Collectors.joining(", "));
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> "a " + value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
