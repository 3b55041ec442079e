package dev.weft.webhooks.internal;

import dev.weft.connector.Durations;
import dev.weft.connector.Suggestions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.webhooks.HmacAlgorithm;
import dev.weft.webhooks.HmacSpec;
import dev.weft.webhooks.ParsedVerifySpec;
import dev.weft.webhooks.SignatureEncoding;
import dev.weft.webhooks.SpecProblem;
import dev.weft.webhooks.SpecProblem.Kind;
import dev.weft.webhooks.StandardWebhooksSpec;
import dev.weft.webhooks.TokenSpec;
import dev.weft.webhooks.VendorSpec;
import dev.weft.webhooks.VerifySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a trigger's {@code verify} object into a {@link VerifySpec}, collecting every problem. Messages
 * name the field ({@code verify.header: ...}) and never quote a value that could be a secret put in the
 * wrong place: only scheme, algorithm, encoding and duration values are quoted.
 */
public final class SpecReader {
    /**
     * Vendors that sign the body alone, as {@code hmac} can say: a preset is that {@code hmac} spec. GitHub:
     * {@code X-Hub-Signature-256: sha256=<hex>} with the delivery id in {@code X-GitHub-Delivery}; Shopify:
     * Base64 in {@code X-Shopify-Hmac-Sha256}, id in {@code X-Shopify-Webhook-Id}; Frappe and ERPNext: Base64
     * in {@code X-Frappe-Webhook-Signature}.
     */
    private static final Map<String, Preset> PRESETS = Map.of(
            "github",
            new Preset("X-Hub-Signature-256", "sha256=", SignatureEncoding.HEX, "X-GitHub-Delivery"),
            "shopify", new Preset("X-Shopify-Hmac-Sha256", "", SignatureEncoding.BASE64,
                    "X-Shopify-Webhook-Id"),
            "frappe", new Preset("X-Frappe-Webhook-Signature", "", SignatureEncoding.BASE64, null));
    private static final List<String> SCHEMES = List.of(StandardWebhooksSpec.SCHEME, HmacSpec.SCHEME,
            TokenSpec.SCHEME, VendorSpec.Vendor.STRIPE.scheme(), VendorSpec.Vendor.SLACK.scheme(),
            VendorSpec.Vendor.HUBSPOT_V3.scheme(), "github", "shopify", "frappe");
    private static final Map<String, List<String>> FIELDS = Map.of(
            StandardWebhooksSpec.SCHEME, List.of("scheme", "credential", "tolerance"),
            HmacSpec.SCHEME, List.of("scheme", "credential", "header", "algorithm", "prefix", "encoding",
                    "timestampHeader", "tolerance", "idHeader"),
            TokenSpec.SCHEME, List.of("scheme", "credential", "header", "prefix", "query", "idHeader"),
            VendorSpec.Vendor.STRIPE.scheme(), List.of("scheme", "credential", "tolerance"),
            VendorSpec.Vendor.SLACK.scheme(), List.of("scheme", "credential", "tolerance"),
            VendorSpec.Vendor.HUBSPOT_V3.scheme(), List.of("scheme", "credential", "tolerance", "url"),
            "github", List.of("scheme", "credential"),
            "shopify", List.of("scheme", "credential"),
            "frappe", List.of("scheme", "credential"));

    private record Preset(String header, String prefix, SignatureEncoding encoding, String idHeader) {
    }
    /** Names people give a secret itself, which never belongs in a flow file. */
    private static final Set<String> SECRET_FIELDS = Set.of("secret", "token", "key", "password",
            "signingSecret",
            "apiKey", "value");
    private static final String EXAMPLE = "{scheme: standard-webhooks, credential: erp-webhook-secret}";

    private final JsonNode node;
    private final String pointer;
    private final List<SpecProblem> problems = new ArrayList<>();

    private SpecReader(JsonNode node, String pointer) {
        this.node = node;
        this.pointer = pointer;
    }

    public static ParsedVerifySpec read(JsonNode verify, String pointer) {
        Objects.requireNonNull(pointer, "pointer");
        if (verify == null || verify.isNull() || verify.isMissingNode()) {
            return failed(new SpecProblem(pointer, Kind.MISSING,
                    "verify: missing; expected an object such as " + EXAMPLE));
        }
        if (!verify.isObject()) {
            return failed(new SpecProblem(pointer, Kind.VALUE,
                    "verify: must be an object such as " + EXAMPLE + ", but was " + describe(verify, false)));
        }
        SpecReader reader = new SpecReader(verify, pointer);
        VerifySpec spec = reader.read();
        return reader.problems.isEmpty()
                ? new ParsedVerifySpec(Optional.of(spec), List.of())
                : new ParsedVerifySpec(Optional.empty(), reader.problems);
    }

    private static ParsedVerifySpec failed(SpecProblem problem) {
        return new ParsedVerifySpec(Optional.empty(), List.of(problem));
    }

    private VerifySpec read() {
        String scheme = scheme();
        String credential = credential();
        if (scheme == null) {
            return null; // which fields exist depends on the scheme
        }
        unknownFields(FIELDS.get(scheme), scheme);
        VerifySpec spec = switch (scheme) {
            case StandardWebhooksSpec.SCHEME -> standardWebhooks(credential);
            case HmacSpec.SCHEME -> hmac(credential);
            case TokenSpec.SCHEME -> token(credential);
            default -> PRESETS.containsKey(scheme)
                    ? preset(PRESETS.get(scheme), credential)
                    : vendor(VendorSpec.Vendor.of(scheme).orElseThrow(), credential);
        };
        return problems.isEmpty() ? spec : null;
    }

    private StandardWebhooksSpec standardWebhooks(String credential) {
        Duration tolerance = tolerance(StandardWebhooksSpec.DEFAULT_TOLERANCE);
        return problems.isEmpty() ? new StandardWebhooksSpec(credential, tolerance) : null;
    }

    private HmacSpec preset(Preset preset, String credential) {
        return problems.isEmpty()
                ? new HmacSpec(credential, preset.header(), HmacAlgorithm.SHA256, preset.prefix(),
                        preset.encoding(), Optional.empty(), HmacSpec.DEFAULT_TOLERANCE,
                        Optional.ofNullable(preset.idHeader()))
                : null;
    }

    private VendorSpec vendor(VendorSpec.Vendor vendor, String credential) {
        Duration tolerance = tolerance(VendorSpec.DEFAULT_TOLERANCE);
        String url = text("url");
        if (url != null && !absoluteHttpUrl(url)) {
            problem(Kind.VALUE, "url", "must be the absolute http or https URL the vendor was told to call,"
                    + " such as https://weft.example.com/hooks/default/crm/contacts");
        }
        return problems.isEmpty()
                ? new VendorSpec(vendor, credential, tolerance, Optional.ofNullable(url))
                : null;
    }

    private static boolean absoluteHttpUrl(String url) {
        try {
            java.net.URI uri = new java.net.URI(url);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private HmacSpec hmac(String credential) {
        String header = headerName("header", true, "the header that carries the signature, such as "
                + "X-Hub-Signature-256");
        HmacAlgorithm algorithm = choice("algorithm", HmacAlgorithm.values(), HmacAlgorithm::label,
                HmacSpec.DEFAULT_ALGORITHM);
        String prefix = prefix(HmacSpec.DEFAULT_PREFIX);
        SignatureEncoding encoding = choice("encoding", SignatureEncoding.values(), SignatureEncoding::label,
                HmacSpec.DEFAULT_ENCODING);
        String timestampHeader = headerName("timestampHeader", false, "");
        Duration tolerance = tolerance(HmacSpec.DEFAULT_TOLERANCE);
        if (node.has("tolerance") && !node.has("timestampHeader")) {
            problem(Kind.VALUE, "tolerance",
                    "applies only with 'timestampHeader': name the header that carries "
                            + "the signed timestamp, or remove tolerance");
        }
        String idHeader = headerName("idHeader", false, "");
        return problems.isEmpty()
                ? new HmacSpec(credential, header, algorithm, prefix, encoding,
                        Optional.ofNullable(timestampHeader),
                        tolerance, Optional.ofNullable(idHeader))
                : null;
    }

    private TokenSpec token(String credential) {
        String header = headerName("header", false, "");
        String query = text("query");
        if (query != null && !Checks.QUERY.matcher(query).matches()) {
            problem(Kind.VALUE, "query", "must be " + Checks.QUERY_EXPECTED);
        }
        if (node.has("header") && node.has("query")) {
            problem(Kind.VALUE, "query",
                    "the token travels either in a header or in the query, not both: remove "
                            + "'header' or 'query'");
        }
        if (node.has("query") && node.has("prefix")) {
            problem(Kind.VALUE, "prefix", "applies only to a token in a header: remove prefix");
        }
        String name = header == null ? TokenSpec.DEFAULT_HEADER : header;
        String prefix = prefix(
                name.equalsIgnoreCase(TokenSpec.DEFAULT_HEADER) ? TokenSpec.BEARER_PREFIX : "");
        String idHeader = headerName("idHeader", false, "");
        if (!problems.isEmpty()) {
            return null;
        }
        return query != null
                ? new TokenSpec(credential, TokenSpec.Source.QUERY, query, "", Optional.ofNullable(idHeader))
                : new TokenSpec(credential, TokenSpec.Source.HEADER, name, prefix,
                        Optional.ofNullable(idHeader));
    }

    private String scheme() {
        if (!present("scheme")) {
            problem(Kind.MISSING, "scheme", "missing; expected " + schemesExpected());
            return null;
        }
        String scheme = text("scheme");
        if (scheme != null && !SCHEMES.contains(scheme)) {
            problem(Kind.VALUE, "scheme", "unknown scheme '" + scheme + "'; expected " + schemesExpected()
                    + Suggestions.didYouMean(scheme, SCHEMES));
            return null;
        }
        return scheme;
    }

    private String credential() {
        if (!present("credential")) {
            problem(Kind.MISSING, "credential", "missing; expected " + Checks.CREDENTIAL_EXPECTED);
            return null;
        }
        String name = text("credential");
        if (name == null) {
            return null;
        }
        if (name.startsWith("whsec_") || !Checks.CREDENTIAL.matcher(name).matches()) {
            problem(Kind.VALUE, "credential", "must be " + Checks.CREDENTIAL_EXPECTED
                    + "; the secret itself goes into the vault, never into a flow file");
            return null;
        }
        return name;
    }

    private void unknownFields(List<String> known, String scheme) {
        for (String name : (Iterable<String>) node::fieldNames) {
            if (known.contains(name)) {
                continue;
            }
            String message = SECRET_FIELDS.contains(name)
                    ? "a secret never goes into a flow file: store it in the vault and name that credential in "
                            + "'credential'"
                    : "unknown field for scheme " + scheme + hint(Suggestions.didYouMean(name, known))
                            + " Known fields: " + String.join(", ", known);
            problems.add(new SpecProblem(Pointers.child(pointer, name), Kind.NAME,
                    "verify." + name + ": " + message));
        }
    }

    private String headerName(String field, boolean required, String expected) {
        if (required && !present(field)) {
            problem(Kind.MISSING, field, "missing; expected " + expected);
            return null;
        }
        String name = text(field);
        if (name != null && !Checks.HEADER.matcher(name).matches()) {
            problem(Kind.VALUE, field, "must be " + Checks.HEADER_EXPECTED);
            return null;
        }
        return name;
    }

    private String prefix(String fallback) {
        String prefix = text("prefix");
        if (prefix == null) {
            return fallback;
        }
        if (!Checks.PREFIX.matcher(prefix).matches()) {
            problem(Kind.VALUE, "prefix", "must be " + Checks.PREFIX_EXPECTED);
            return fallback;
        }
        return prefix;
    }

    private <E extends Enum<E>> E choice(String field, E[] options,
            java.util.function.Function<E, String> label,
            E fallback) {
        String value = text(field);
        if (value == null) {
            return fallback;
        }
        List<String> labels = Arrays.stream(options).map(label).toList();
        int i = labels.indexOf(value);
        if (i < 0) {
            problem(Kind.VALUE, field, "unknown " + field + " '" + value + "'; expected " + oneOf(labels)
                    + Suggestions.didYouMean(value, labels));
            return fallback;
        }
        return options[i];
    }

    private Duration tolerance(Duration fallback) {
        JsonNode v = node.get("tolerance");
        if (v == null || v.isNull()) {
            return fallback;
        }
        Optional<Duration> parsed = v.isTextual() ? Durations.parse(v.textValue()) : Optional.empty();
        if (parsed.isEmpty()) {
            problem(Kind.VALUE, "tolerance",
                    "must be " + Durations.EXPECTED + ", but was " + describe(v, true));
            return fallback;
        }
        if (!Checks.toleranceFits(parsed.get())) {
            problem(Kind.VALUE, "tolerance",
                    "must be " + Checks.TOLERANCE_EXPECTED + ", but was " + describe(v, true));
            return fallback;
        }
        return parsed.get();
    }

    private boolean present(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /** A string member, or null when absent or of another type (reported). */
    private String text(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            problem(Kind.VALUE, field, "must be a string, but was " + describe(v, false));
            return null;
        }
        return v.textValue();
    }

    private void problem(Kind kind, String field, String message) {
        problems.add(
                new SpecProblem(Pointers.child(pointer, field), kind, "verify." + field + ": " + message));
    }

    private static String hint(String didYouMean) {
        return didYouMean.isEmpty() ? "." : didYouMean;
    }

    private static String schemesExpected() {
        return oneOf(SCHEMES);
    }

    private static String oneOf(List<String> options) {
        return String.join(", ", options.subList(0, options.size() - 1)) + " or " + options.getLast();
    }

    private static String describe(JsonNode v, boolean quoteStrings) {
        if (v.isTextual()) {
            return quoteStrings ? "\"" + v.textValue() + "\"" : "a string";
        }
        if (v.isNumber()) {
            return "the number " + v.asText();
        }
        if (v.isBoolean()) {
            return v.asText();
        }
        return v.isArray() ? "a list" : v.isObject() ? "an object" : "null";
    }

    /** Pointers with RFC 6901 escapes, so that a field named {@code a/b} cannot point elsewhere. */
    private static final class Pointers {
        private static final Pattern NEEDS_ESCAPE = Pattern.compile("[~/]");

        static String child(String parent, String field) {
            String escaped = NEEDS_ESCAPE.matcher(field).find()
                    ? field.replace("~", "~0").replace("/", "~1")
                    : field;
            return parent + "/" + escaped;
        }
    }
}
