package dev.weft.connector.browser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** URLs Chromium sends that {@code java.net.URI} would reject are encoded, and shown without their query. */
class UrlsTest {
    @Test
    void aPipeInAQueryIsPercentEncodedAndTheRestKept() {
        assertThat(Urls.parse("http://[::1]:8080/a b/x?family=Roboto|Lato&t=%41%zz#f#g"))
                .hasValueSatisfying(uri -> assertThat(uri.toString())
                        .isEqualTo("http://[::1]:8080/a%20b/x?family=Roboto%7CLato&t=%41%25zz#f%23g"));
        assertThat(Urls.parse("/report.csv?columns=id|total")).hasValueSatisfying(
                uri -> assertThat(uri.getRawQuery()).isEqualTo("columns=id%7Ctotal"));
    }

    @Test
    void aUrlIsShownWithoutItsQueryWhetherOrNotItParses() {
        assertThat(Urls.withoutQuery("http://h/p?columns=a|b&token=secret")).isEqualTo("http://h/p");
        assertThat(Urls.withoutQuery("http://h:99999999999/p?token=secret"))
                .isEqualTo("http://h:99999999999/p");
        assertThat(Urls.withoutQueryOf("http://h/p?a|b&token=secret",
                "refused http://h/p?a%7Cb&token=secret and http://h/p?a|b&token=secret"))
                .doesNotContain("secret");
    }
}
