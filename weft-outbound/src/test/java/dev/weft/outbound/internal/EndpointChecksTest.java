package dev.weft.outbound.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.gateway.egress.EgressGuard;
import dev.weft.gateway.egress.EgressPolicy;
import dev.weft.outbound.WebhookInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointChecksTest {
    private final EgressGuard publicOnly = EgressGuard.of(EgressPolicy.blockPrivate());

    @Test
    void refusesLoopbackAndPrivateUrlsUnlessTheAllowlistNamesThem() {
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://10.1.2.3/hook",
                "http://localhost/hook",
                "http://[::1]/hook", "http://169.254.169.254/latest/meta-data")) {
            assertThatThrownBy(() -> EndpointChecks.url(url, publicOnly))
                    .isInstanceOfSatisfying(WebhookInputException.class, e -> {
                        assertThat(e.code()).isEqualTo("egress.refused");
                        assertThat(e.field()).isEqualTo("url");
                    });
        }
        EgressGuard allowing = EgressGuard.of(EgressPolicy.of(List.of("127.0.0.1"), "egress.allow"));
        assertThatCode(() -> EndpointChecks.url("http://127.0.0.1:8080/hook", allowing))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesUrlsThatAreNotAbsoluteHttp() {
        assertThatThrownBy(() -> EndpointChecks.url("ftp://example.com/x", publicOnly))
                .hasMessageContaining("http or https");
        assertThatThrownBy(() -> EndpointChecks.url("/relative", publicOnly))
                .hasMessageContaining("absolute");
        assertThatThrownBy(() -> EndpointChecks.url(null, publicOnly))
                .hasMessageContaining("url is required");
    }

    @Test
    void namesTheBadEventPatternByIndex() {
        assertThatThrownBy(() -> EndpointChecks.events(List.of("execution.*", "Bad")))
                .isInstanceOfSatisfying(WebhookInputException.class,
                        e -> assertThat(e.field()).isEqualTo("events[1]"));
        assertThatThrownBy(() -> EndpointChecks.events(List.of())).hasMessageContaining("events is required");
    }

    @Test
    void refusesHeadersWeftSetsAndValuesOnSeveralLines() {
        assertThatThrownBy(() -> EndpointChecks.headers(Map.of("Webhook-Signature", "x")))
                .hasMessageContaining("set by Weft");
        assertThatThrownBy(() -> EndpointChecks.headers(Map.of("X-Env", "a\r\nb")))
                .hasMessageContaining("one line");
        assertThatCode(() -> EndpointChecks.headers(Map.of("X-Env", "prod"))).doesNotThrowAnyException();
    }

    @Test
    void refusesLimitsOutOfRangeAndFiltersThatDoNotCompile() {
        assertThatThrownBy(() -> EndpointChecks.rateLimit(0)).hasMessageContaining("from 1 to");
        assertThatThrownBy(() -> EndpointChecks.concurrency(5000)).hasMessageContaining("from 1 to");
        assertThatThrownBy(() -> EndpointChecks.filter("amount >"))
                .hasMessageContaining("not a valid JSONata");
    }
}
