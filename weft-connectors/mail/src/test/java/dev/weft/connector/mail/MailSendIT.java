package dev.weft.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.weft.connector.Call;
import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.SystemClient;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code mail.send} against an in-process GreenMail server: what arrives, and how failures read. */
class MailSendIT {
    @RegisterExtension
    static final GreenMailExtension MAIL = GreenMailServer.extension();

    private static final byte[] PDF = "%PDF-1.4\nnot really a pdf\n".getBytes(StandardCharsets.UTF_8);

    static Call send(String inputJson, String key) {
        return new Call("mail.send", Schemas.parse(inputJson), key, Duration.ofSeconds(10),
                new Cancellation());
    }

    @Test
    void sendsHtmlWithAnAttachmentThatArrivesIntactWithAMessageIdFromTheIdempotencyKey() throws Exception {
        String input = """
                {"to": ["Robot <robot@weft.test>"], "subject": "Invoice 42 – paid", "text": "See attached.",
                 "html": "<p>See <b>attached</b>.</p>", "headers": {"X-Order": "42"},
                 "attachments": [{"filename": "invoice-42.pdf", "contentType": "application/pdf",
                                  "content": "%s"}]}
                """.formatted(Base64.getEncoder().encodeToString(PDF));
        try (SystemClient client = new MailConnector().open(GreenMailServer.system(MAIL))) {
            JsonNode out = client.invoke(send(input, "exec-1:step-send"));

            assertThat(out.get("messageId").asText()).isEqualTo(Send.messageId("exec-1:step-send"))
                    .matches("<[0-9a-f]{40}@weft>");
            MimeMessage[] received = MAIL.getReceivedMessages();
            assertThat(received).hasSize(1);
            MimeMessage got = received[0];
            assertThat(got.getMessageID()).isEqualTo(out.get("messageId").asText());
            assertThat(got.getSubject()).isEqualTo("Invoice 42 – paid");
            assertThat(got.getFrom()[0].toString()).isEqualTo("Weft <robot@weft.test>");
            assertThat(got.getHeader("X-Order")).containsExactly("42");
            Multipart mixed = (Multipart) got.getContent();
            assertThat(mixed.getCount()).isEqualTo(2);
            Multipart alternative = (Multipart) mixed.getBodyPart(0).getContent();
            assertThat(alternative.getBodyPart(0).getContent().toString()).isEqualTo("See attached.");
            assertThat(alternative.getBodyPart(1).isMimeType("text/html")).isTrue();
            assertThat(alternative.getBodyPart(1).getContent().toString())
                    .isEqualTo("<p>See <b>attached</b>.</p>");
            Part attachment = mixed.getBodyPart(1);
            assertThat(attachment.getFileName()).isEqualTo("invoice-42.pdf");
            assertThat(attachment.isMimeType("application/pdf")).isTrue();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            attachment.getInputStream().transferTo(bytes);
            assertThat(bytes.toByteArray()).isEqualTo(PDF);
        }
    }

    @Test
    void aRerunOfTheSameStepSendsTheSameMessageIdAndAnotherStepADifferentOne() throws Exception {
        String input = """
                {"to": ["robot@weft.test"], "text": "hello"}""";
        try (SystemClient client = new MailConnector().open(GreenMailServer.system(MAIL))) {
            String first = client.invoke(send(input, "exec-2:step")).get("messageId").asText();
            String again = client.invoke(send(input, "exec-2:step")).get("messageId").asText();
            String other = client.invoke(send(input, "exec-3:step")).get("messageId").asText();

            assertThat(again).isEqualTo(first);
            assertThat(other).isNotEqualTo(first);
            assertThat(MAIL.getReceivedMessages()).extracting(MimeMessage::getMessageID)
                    .containsExactly(first, first, other);
        }
    }

    @Test
    void aWrongPasswordFailsWithMailAuthAndNeverShowsThePassword() throws Exception {
        String wrong = "canary-wrong-pw-93b1f0";
        try (SystemClient client = new MailConnector().open(GreenMailServer.system(MAIL, wrong))) {
            ConnectorException e = catchThrowableOfType(ConnectorException.class,
                    () -> client.invoke(send("""
                            {"to": ["robot@weft.test"], "text": "x"}""", "exec-4:step")));

            assertThat(e.code()).isEqualTo("mail.auth");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("robot").doesNotContain(wrong)
                    .doesNotContain(GreenMailServer.PASSWORD);
            ConnectionTest verdict = client.test();
            assertThat(verdict.ok()).isFalse();
            assertThat(verdict.message()).contains("refused the login").doesNotContain(wrong);
        }
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void anInvalidAddressIsRefusedNamingTheFieldBeforeAnythingIsSent() throws Exception {
        try (SystemClient client = new MailConnector().open(GreenMailServer.system(MAIL))) {
            ConnectorException e = catchThrowableOfType(ConnectorException.class,
                    () -> client.invoke(
                            send("""
                                    {"to": ["robot@weft.test"], "bcc": ["ok@weft.test", "two@@weft.test"], "text": "x"}""",
                                    "exec-5:step")));

            assertThat(e.code()).isEqualTo("mail.address");
            assertThat(e.retryable()).isFalse();
            assertThat(e.getMessage()).contains("'bcc[1]'");
        }
        assertThat(MAIL.getReceivedMessages()).isEmpty();
    }

    @Test
    void anUnreachableServerIsARetryableFailure() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var system = GreenMailServer.system(MAIL).withConfig(Schemas.parse("""
                {"smtp": {"host": "127.0.0.1", "port": %d, "tls": "none"}, "from": "robot@weft.test"}
                """.formatted(closedPort)));
        try (SystemClient client = new MailConnector().open(system)) {
            ConnectorException e = catchThrowableOfType(ConnectorException.class,
                    () -> client.invoke(send("""
                            {"to": ["robot@weft.test"], "text": "x"}""", "exec-6:step")));

            assertThat(e.code()).isEqualTo("mail.unreachable");
            assertThat(e.retryable()).isTrue();
        }
    }

    @Test
    void testingTheConnectionLogsInToBothServers() throws Exception {
        try (SystemClient client = new MailConnector().open(GreenMailServer.system(MAIL))) {
            ConnectionTest verdict = client.test();

            assertThat(verdict.ok()).as(verdict.message()).isTrue();
            assertThat(verdict.message()).contains("SMTP").contains("IMAP").contains("robot");
        }
    }
}
