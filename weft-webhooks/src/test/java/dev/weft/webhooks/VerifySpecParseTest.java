package dev.weft.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.webhooks.SpecProblem.Kind;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VerifySpecParseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AT = "/triggers/0/verify";

    private static ParsedVerifySpec parse(String json) {
        try {
            return VerifySpec.parse(JSON.readTree(json), AT);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static VerifySpec valid(String json) {
        ParsedVerifySpec parsed = parse(json);
        assertThat(parsed.problems()).isEmpty();
        return parsed.orElseThrow();
    }

    @Test
    void readsTheBriefsStandardWebhooksTriggerWithTheDefaultTolerance() {
        assertThat(valid("{\"scheme\": \"standard-webhooks\", \"credential\": \"erp-webhook-secret\"}"))
                .isEqualTo(new StandardWebhooksSpec("erp-webhook-secret", Duration.ofMinutes(5)));
    }

    @Test
    void readsAConfiguredTolerance() {
        assertThat(
                valid("{\"scheme\": \"standard-webhooks\", \"credential\": \"c\", \"tolerance\": \"90s\"}"))
                .isEqualTo(new StandardWebhooksSpec("c", Duration.ofSeconds(90)));
    }

    @Test
    void readsAGithubStyleHmacSpec() {
        VerifySpec spec = valid("""
                {"scheme": "hmac", "credential": "github-secret", "header": "X-Hub-Signature-256",
                 "prefix": "sha256=", "idHeader": "X-GitHub-Delivery"}""");

        assertThat(spec).isEqualTo(new HmacSpec("github-secret", "X-Hub-Signature-256", HmacAlgorithm.SHA256,
                "sha256=", SignatureEncoding.HEX, Optional.empty(), HmacSpec.DEFAULT_TOLERANCE,
                Optional.of("X-GitHub-Delivery")));
    }

    @Test
    void readsEveryHmacOption() {
        VerifySpec spec = valid("""
                {"scheme": "hmac", "credential": "c", "header": "X-Sig", "algorithm": "sha512",
                 "encoding": "base64", "timestampHeader": "X-Ts", "tolerance": "2m"}""");

        assertThat(spec)
                .isEqualTo(new HmacSpec("c", "X-Sig", HmacAlgorithm.SHA512, "", SignatureEncoding.BASE64,
                        Optional.of("X-Ts"), Duration.ofMinutes(2), Optional.empty()));
    }

    @Test
    void readsTokenSpecsWithBearerDefaultOtherHeaderOrQuery() {
        assertThat(valid("{\"scheme\": \"token\", \"credential\": \"t\"}")).isEqualTo(TokenSpec.bearer("t"));
        assertThat(valid("{\"scheme\": \"token\", \"credential\": \"t\", \"header\": \"X-Token\"}"))
                .isEqualTo(new TokenSpec("t", TokenSpec.Source.HEADER, "X-Token", "", Optional.empty()));
        assertThat(valid("{\"scheme\": \"token\", \"credential\": \"t\", \"query\": \"key\"}"))
                .isEqualTo(TokenSpec.query("t", "key"));
    }

    @Test
    void namesTheSchemeFieldForAnUnknownScheme() {
        ParsedVerifySpec parsed = parse("{\"scheme\": \"hmac256\", \"credential\": \"c\"}");

        assertThat(parsed.valid()).isFalse();
        assertThat(parsed.problems()).containsExactly(new SpecProblem(AT + "/scheme", Kind.VALUE,
                "verify.scheme: unknown scheme 'hmac256'; expected standard-webhooks, hmac, token, stripe, slack,"
                        + " hubspot-v3, github, shopify or frappe"));
    }

    @Test
    void suggestsTheClosestSchemeForATypo() {
        assertThat(parse("{\"scheme\": \"standard-webhook\", \"credential\": \"c\"}").problems().getFirst()
                .message())
                .endsWith("; did you mean 'standard-webhooks'?");
    }

    @Test
    void reportsMissingSchemeAndCredentialTogether() {
        ParsedVerifySpec parsed = parse("{}");

        assertThat(parsed.problems()).extracting(SpecProblem::pointer, SpecProblem::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(AT + "/scheme", Kind.MISSING),
                org.assertj.core.groups.Tuple.tuple(AT + "/credential", Kind.MISSING));
        assertThat(parsed.problems().get(1).message())
                .startsWith("verify.credential: missing; expected the name "
                        + "of a credential in the vault");
    }

    @Test
    void namesAnUnknownFieldWithASuggestionAndTheKnownFields() {
        ParsedVerifySpec parsed = parse("{\"scheme\": \"hmac\", \"credential\": \"c\", \"header\": \"X-S\", "
                + "\"algoritm\": \"sha1\"}");

        assertThat(parsed.problems()).containsExactly(new SpecProblem(AT + "/algoritm", Kind.NAME,
                "verify.algoritm: unknown field for scheme hmac; did you mean 'algorithm'? Known fields: scheme, "
                        + "credential, header, algorithm, prefix, encoding, timestampHeader, tolerance, idHeader"));
    }

    @Test
    void refusesASecretWrittenIntoTheFlow() {
        ParsedVerifySpec parsed = parse(
                "{\"scheme\": \"token\", \"credential\": \"c\", \"secret\": \"abc\"}");

        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo(AT + "/secret");
            assertThat(p.message()).startsWith("verify.secret: a secret never goes into a flow file");
        });
    }

    @Test
    void requiresTheSignatureHeaderOfAnHmacSpec() {
        assertThat(parse("{\"scheme\": \"hmac\", \"credential\": \"c\"}").problems()).containsExactly(
                new SpecProblem(AT + "/header", Kind.MISSING,
                        "verify.header: missing; expected the header that "
                                + "carries the signature, such as X-Hub-Signature-256"));
    }

    @Test
    void namesBadValuesOfEachField() {
        ParsedVerifySpec parsed = parse(
                """
                        {"scheme": "hmac", "credential": "c", "header": "X Sig", "algorithm": "md5", "encoding": "b64",
                         "prefix": 5, "timestampHeader": "X-Ts", "tolerance": "5 minutes"}""");

        assertThat(parsed.problems()).extracting(SpecProblem::message).containsExactly(
                "verify.header: must be a header name such as X-Hub-Signature-256 (letters, digits and "
                        + "!#$%&'*+-.^_`|~; no ':' and no spaces)",
                "verify.algorithm: unknown algorithm 'md5'; expected sha1, sha256 or sha512",
                "verify.prefix: must be a string, but was the number 5",
                "verify.encoding: unknown encoding 'b64'; expected hex or base64",
                "verify.tolerance: must be a duration such as 500ms, 4s, 1m, 72h, 1d, 1h30m or PT4S, "
                        + "but was \"5 minutes\"");
    }

    @Test
    void refusesAToleranceOutsideItsBounds() {
        assertThat(parse("{\"scheme\": \"standard-webhooks\", \"credential\": \"c\", \"tolerance\": \"0s\"}")
                .problems().getFirst().message())
                .isEqualTo("verify.tolerance: must be between 1s and 1d, but was \"0s\"");
        assertThat(parse("{\"scheme\": \"standard-webhooks\", \"credential\": \"c\", \"tolerance\": \"2d\"}")
                .valid()).isFalse();
    }

    @Test
    void refusesAToleranceWithoutATimestampHeader() {
        assertThat(parse(
                "{\"scheme\": \"hmac\", \"credential\": \"c\", \"header\": \"X-S\", \"tolerance\": \"1m\"}")
                .problems()).extracting(SpecProblem::pointer).containsExactly(AT + "/tolerance");
    }

    @Test
    void refusesATokenInBothHeaderAndQueryAndAPrefixOnAQueryToken() {
        assertThat(
                parse("{\"scheme\": \"token\", \"credential\": \"c\", \"header\": \"X-T\", \"query\": \"t\"}")
                        .problems())
                .extracting(SpecProblem::pointer).containsExactly(AT + "/query");
        assertThat(
                parse("{\"scheme\": \"token\", \"credential\": \"c\", \"query\": \"t\", \"prefix\": \"x \"}")
                        .problems())
                .extracting(SpecProblem::pointer).containsExactly(AT + "/prefix");
    }

    @Test
    void refusesAVerifyValueThatIsNotAnObject() {
        assertThat(parse("\"standard-webhooks\"").problems()).containsExactly(new SpecProblem(AT, Kind.VALUE,
                "verify: must be an object such as {scheme: standard-webhooks, credential: erp-webhook-secret}, "
                        + "but was a string"));
        assertThat(VerifySpec.parse(null, AT).problems().getFirst().kind()).isEqualTo(Kind.MISSING);
    }

    @Test
    void escapesFieldNamesInPointers() {
        assertThat(parse("{\"scheme\": \"token\", \"credential\": \"c\", \"a/b~c\": 1}").problems().getFirst()
                .pointer()).isEqualTo(AT + "/a~1b~0c");
    }

    @Test
    void listsEveryProblemWhenThrown() {
        assertThatThrownBy(() -> parse("{\"scheme\": \"x\"}").orElseThrow())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verify.scheme: unknown scheme 'x'")
                .hasMessageContaining("verify.credential: missing");
    }

    @Test
    void recordsRefuseBadValuesAndQuoteThem() {
        assertThatThrownBy(() -> new StandardWebhooksSpec("c", Duration.ZERO))
                .hasMessage("tolerance must be between 1s and 1d, but was PT0S");
        assertThatThrownBy(() -> new HmacSpec("c", "X Sig"))
                .hasMessageStartingWith("header must be a header name");
        assertThatThrownBy(() -> new TokenSpec("c", TokenSpec.Source.QUERY, "t", "Bearer ", Optional.empty()))
                .hasMessage("a token in the query has no prefix, but prefix was \"Bearer \"");
    }

    @Test
    void acceptsCredentialNamesWithDotsUnderscoresAndDashes() throws Exception {
        JsonNode tree = JSON
                .readTree("{\"verify\": {\"scheme\": \"standard-webhooks\", \"credential\": \"a.b_c-1\"}}");

        assertThat(VerifySpec.parse(tree.get("verify"), AT).orElseThrow().credential()).isEqualTo("a.b_c-1");
    }
}
