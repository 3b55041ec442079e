package dev.weft.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    @Test
    void findsTheNextLinkAmongOthers() {
        String github = "<https://api.github.com/repos/a/b/issues?page=2>; rel=\"next\","
                + " <https://api.github.com/repos/a/b/issues?page=5>; rel=\"last\"";
        assertThat(LinkHeader.find(List.of(github), "next"))
                .isEqualTo("https://api.github.com/repos/a/b/issues?page=2");
        assertThat(LinkHeader.find(List.of(github), "last"))
                .isEqualTo("https://api.github.com/repos/a/b/issues?page=5");
        assertThat(LinkHeader.find(List.of(github), "prev")).isNull();
    }

    @Test
    void relationsAreASpaceSeparatedCaseInsensitiveList() {
        assertThat(LinkHeader.find(List.of("</p/3>; rel=\"last NEXT\""), "next")).isEqualTo("/p/3");
        assertThat(LinkHeader.find(List.of("</p/3>; rel=next"), "next")).isEqualTo("/p/3");
    }

    @Test
    void commasInsideQuotedParametersOrTheTargetDoNotEndALink() {
        String header = "</a?x=1,2>; title=\"one, two; three\"; rel=\"prev\", </b>; title=\"x\\\"y\"; rel=\"next\"";
        assertThat(LinkHeader.find(List.of(header), "prev")).isEqualTo("/a?x=1,2");
        assertThat(LinkHeader.find(List.of(header), "next")).isEqualTo("/b");
    }

    @Test
    void severalHeadersAreSearchedInOrder() {
        assertThat(LinkHeader.find(List.of("</first>; rel=\"prev\"", "</second>; rel=\"next\""), "next"))
                .isEqualTo("/second");
        assertThat(LinkHeader.find(List.of("garbage without brackets"), "next")).isNull();
    }
}
