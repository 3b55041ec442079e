package dev.weft.webhooks;

import static dev.weft.webhooks.Fixtures.at;
import static dev.weft.webhooks.Fixtures.delivered;
import static dev.weft.webhooks.Fixtures.secrets;
import static dev.weft.webhooks.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.standardwebhooks.Webhook;
import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Our Standard Webhooks signer and verifier against the official Java library (com.standardwebhooks),
 * which the runtime does not use (see StandardWebhooksVerifier): receivers using it must accept what we
 * send, and we must accept what senders using it produce.
 */
class OfficialLibraryAgreementTest {
    private static final String SECRET = StandardWebhooksVerifierTest.SECRET;
    private final StandardWebhooksSpec spec = new StandardWebhooksSpec("erp-webhook-secret");

    @Test
    void ourSignatureEqualsTheLibrarysForManyBodies() throws Exception {
        Webhook library = new Webhook(SECRET);
        for (String body : List.of("", "{}", "{\"test\": 2432232314}", "äöü € 𝄞", "line\nbreak\r\n",
                "x".repeat(10_000))) {
            Signature ours = WebhookSigner.of(spec).sign("msg_1", Instant.ofEpochSecond(1_700_000_000L),
                    utf8(body),
                    secrets(SECRET));

            assertThat(ours.headers().get("webhook-signature")).as(body)
                    .isEqualTo(library.sign("msg_1", 1_700_000_000L, body));
        }
    }

    @Test
    void theLibraryVerifiesWhatWeSign() {
        // The library judges the timestamp by the system clock, so we sign with the system's now.
        Instant now = Instant.now();
        String body = "{\"invoice\": {\"id\": \"INV-1\", \"amount\": 12000}}";
        Signature ours = WebhookSigner.of(spec).sign("msg_2", now, utf8(body), secrets(SECRET));
        HttpHeaders headers = HttpHeaders.of(
                ours.headers().entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))),
                (name, value) -> true);

        assertThatCode(() -> new Webhook(SECRET).verify(body, headers)).doesNotThrowAnyException();
    }

    @Test
    void weVerifyWhatTheLibrarySigns() throws Exception {
        String body = "{\"event\": \"invoice.created\"}";
        String signature = new Webhook(SECRET).sign("msg_3", 1_700_000_000L, body);
        Delivery delivery = Delivery.builder(utf8(body)).header("webhook-id", "msg_3")
                .header("webhook-timestamp", "1700000000").header("webhook-signature", signature).build();

        assertThat(WebhookVerifier.of(spec, at(1_700_000_000L)).verify(delivery, secrets(SECRET)).accepted())
                .isTrue();
        assertThat(WebhookVerifier.of(spec, at(1_700_000_000L))
                .verify(delivered(WebhookSigner.of(spec).sign("msg_3", Instant.ofEpochSecond(1_700_000_000L),
                        utf8(body), secrets(SECRET)), utf8(body)), secrets(SECRET))
                .accepted()).isTrue();
    }
}
