package dev.weft.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.connector.Authorization;
import dev.weft.connector.Credential;
import dev.weft.testkit.engine.StoppedClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HMAC signature against values computed apart from the gateway (Python's {@code hmac} module, the
 * same example as docs/gateway.md), so that the documented scheme and the code cannot drift apart.
 */
class HmacAuthTest {
    private static final String SECRET = "whsec-example-secret";
    final StoppedClock clock = new StoppedClock(Instant.parse("2026-11-22T08:00:00Z")); // 2026-11-22T08:00:00Z, 1795334400

    @Test
    void signsTheMethodTargetTimestampAndBodyDigestAsDocumented() throws Exception {
        HmacAuth auth = new HmacAuth("erp", new Credential.Hmac("k-2026", SECRET, "HmacSHA256",
                "X-Signature"), clock);
        URI uri = URI.create("https://erp.example/v1/orders?expand=lines&note=a%20b");
        byte[] body = "{\"amount\":42}".getBytes(StandardCharsets.UTF_8);

        assertThat(HmacAuth.signedString("POST", uri, "1795334400", body)).isEqualTo("POST\n"
                + "/v1/orders?expand=lines&note=a%20b\n1795334400\n"
                + "f26e267ee03331ff5ce10b687a1ba1a9b49012ffb27694c922e17411b4b86e6c");
        Authorization authorization = auth.authorize("POST", uri, body);
        assertThat(authorization.headers()).isEqualTo(Map.of(
                "X-Signature",
                "keyId=k-2026,algorithm=HmacSHA256,signature=pt+IUD6CL/gwFVnlqpD5brBroVO/kMH/iz2EAq/Ofow=",
                "X-Weft-Timestamp", "1795334400"));
        assertThat(authorization.query()).isEmpty();
    }

    @Test
    void signsARequestWithoutBodyOrPathWithSha512AndNoKeyId() throws Exception {
        HmacAuth auth = new HmacAuth("erp",
                new Credential.Hmac(null, SECRET, "HmacSHA512", "X-Weft-Signature"),
                clock);

        assertThat(auth.authorize("GET", URI.create("https://erp.example"), new byte[0]).headers())
                .containsEntry("X-Weft-Signature",
                        "algorithm=HmacSHA512,signature=hzoKUapU9sZHgYjnLgNzOiGWfpcn46MO3"
                                + "abUVUGBAbYqjCiSokD8aCWT3TVe6JLdEbsyvNSOCmFATmKklvhiEw==");
    }

    @Test
    void eachRequestIsSignedAtTheClocksTime() throws Exception {
        HmacAuth auth = new HmacAuth("erp", new Credential.Hmac(null, SECRET, "HmacSHA256", "X-Sig"), clock);
        URI uri = URI.create("https://erp.example/x");
        Authorization first = auth.authorize("GET", uri, new byte[0]);
        clock.advance(Duration.ofSeconds(90));
        Authorization later = auth.authorize("GET", uri, new byte[0]);

        assertThat(later.headers().get("X-Weft-Timestamp")).isEqualTo("1795334490");
        assertThat(later.headers().get("X-Sig")).isNotEqualTo(first.headers().get("X-Sig"));
        assertThat(auth.renew(later)).isFalse();
        assertThat(auth.toString() + later).doesNotContain(SECRET);
    }
}
