package dev.weft.connector.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A page that echoes the password, as typed, URL-encoded or HTML-escaped, gives it back masked. */
class RedactorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void masksTheSecretInEveryStringAndFieldName() throws Exception {
        Redactor redactor = new Redactor("p&ss word<1>");

        assertThat(redactor.redact(JSON.readTree("""
                {"a": "you typed p&ss word<1>", "b": ["?pw=p%26ss+word%3C1%3E", "p%26ss%20word%3C1%3E"],
                 "p&amp;ss word&lt;1&gt;": 3}""")))
                .isEqualTo(JSON.readTree("""
                        {"a": "you typed ***", "b": ["?pw=***", "***"], "***": 3}"""));
        assertThat(Redactor.NONE.redact("p&ss word<1>")).isEqualTo("p&ss word<1>");
    }

    @Test
    void masksTheSecretAsEncodeUriComponentLowerCaseHexAndQuoteEntitiesWriteIt() {
        Redactor redactor = new Redactor("it's (50%)/ok");

        assertThat(redactor.redact("a it's%20(50%25)%2Fok b")).isEqualTo("a *** b");
        assertThat(redactor.redact("a it%27s+%2850%25%29%2fok b")).isEqualTo("a *** b");
        assertThat(redactor.redact("a it&#39;s (50%)/ok b")).isEqualTo("a *** b");
        assertThat(redactor.redact("a it&#x27;s (50%)/ok b")).isEqualTo("a *** b");
    }
}
