package dev.weft.connector.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.SystemClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code mail.inbox} polling trigger against an in-process GreenMail server. */
class MailInboxIT {
    @RegisterExtension
    static final GreenMailExtension MAIL = GreenMailServer.extension();

    private SystemClient client;

    @BeforeEach
    void open() throws Exception {
        client = new MailConnector().open(GreenMailServer.system(MAIL));
    }

    @AfterEach
    void close() {
        client.close();
    }

    private void deliver(String subject) throws Exception {
        client.invoke(MailSendIT.send("""
                {"to": ["robot@weft.test"], "subject": "%s", "text": "body of %s"}
                """.formatted(subject, subject), "deliver:" + subject));
    }

    private PollResult poll(JsonNode cursor, int max) throws ConnectorException {
        return client.poll(new PollRequest("mail.inbox", Schemas.parse("{}"), cursor, max));
    }

    private static List<String> subjects(PollResult result) {
        return result.events().stream().map(e -> e.data().get("subject").asText()).toList();
    }

    @Test
    void returnsEachNewMessageOncePerUidAcrossRepeatedPolls() throws Exception {
        deliver("one");
        deliver("two");

        PollResult first = poll(null, 10);
        assertThat(subjects(first)).containsExactly("one", "two");
        assertThat(first.more()).isFalse();
        PollResult nothingNew = poll(first.cursor(), 10);
        assertThat(nothingNew.events()).isEmpty();
        assertThat(nothingNew.cursor()).isEqualTo(first.cursor());

        deliver("three");
        PollResult second = poll(nothingNew.cursor(), 10);
        assertThat(subjects(second)).containsExactly("three");
        assertThat(poll(second.cursor(), 10).events()).isEmpty();

        List<String> ids = new ArrayList<>();
        first.events().forEach(e -> ids.add(e.id()));
        second.events().forEach(e -> ids.add(e.id()));
        long uidValidity = first.cursor().get("uidValidity").asLong();
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.startsWith(uidValidity + ":"));
        assertThat(second.cursor().get("lastUid").asLong())
                .isEqualTo(second.events().getFirst().data().get("uid").asLong());
    }

    @Test
    void saysMoreWhenMaxIsSmallerThanTheNewMessagesAndReturnsTheRestNext() throws Exception {
        deliver("a");
        deliver("b");
        deliver("c");

        PollResult first = poll(null, 2);
        assertThat(subjects(first)).containsExactly("a", "b");
        assertThat(first.more()).isTrue();
        PollResult rest = poll(first.cursor(), 2);
        assertThat(subjects(rest)).containsExactly("c");
        assertThat(rest.more()).isFalse();
    }

    @Test
    void anEventCarriesTheBodiesAndAttachmentSizesButNotTheirContent() throws Exception {
        client.invoke(MailSendIT.send(
                """
                        {"to": ["robot@weft.test"], "cc": ["other@weft.test"], "subject": "with file",
                         "text": "plain body", "html": "<p>rich body</p>",
                         "attachments": [{"filename": "data.csv", "contentType": "text/csv", "content": "YSxiCjEsMgo="}]}
                        """,
                "exec-7:step"));

        PollResult result = poll(null, 10);
        Event event = result.events().getFirst();
        JsonNode data = event.data();
        assertThat(data.get("messageId").asText()).isEqualTo(Send.messageId("exec-7:step"));
        assertThat(data.get("from").asText()).isEqualTo("Weft <robot@weft.test>");
        assertThat(data.get("to")).hasSize(1);
        assertThat(data.get("to").get(0).asText()).isEqualTo("robot@weft.test");
        assertThat(data.get("text").asText()).isEqualTo("plain body");
        assertThat(data.get("html").asText()).isEqualTo("<p>rich body</p>");
        assertThat(data.get("date").asText()).endsWith("Z");
        assertThat(data.get("attachments")).hasSize(1);
        JsonNode attachment = data.get("attachments").get(0);
        assertThat(attachment.get("filename").asText()).isEqualTo("data.csv");
        assertThat(attachment.get("contentType").asText()).isEqualTo("text/csv");
        assertThat(attachment.get("size").asLong()).isEqualTo(8);
        assertThat(attachment.has("content")).isFalse();
        assertThat(event.id()).isEqualTo(result.cursor().get("uidValidity").asLong() + ":" + data.get("uid")
                .asLong());
    }

    @Test
    void aChangedUidValidityStartsAgainFromTheFirstMessage() throws Exception {
        deliver("old");
        PollResult first = poll(null, 10);
        long uidValidity = first.cursor().get("uidValidity").asLong();

        JsonNode stale = Schemas.parse("""
                {"uidValidity": %d, "lastUid": 1000}""".formatted(uidValidity + 1));
        PollResult restarted = poll(stale, 10);

        assertThat(subjects(restarted)).containsExactly("old");
        assertThat(restarted.cursor().get("uidValidity").asLong()).isEqualTo(uidValidity);
    }

    @Test
    void unseenOnlySkipsSeenMessagesAndMarkSeenMarksThoseReturned() throws Exception {
        deliver("first");
        PollResult marked = client.poll(new PollRequest("mail.inbox", Schemas.parse("""
                {"markSeen": true}"""), null, 10));
        assertThat(subjects(marked)).containsExactly("first");
        deliver("second");

        PollResult unseen = client.poll(new PollRequest("mail.inbox", Schemas.parse("""
                {"unseenOnly": true}"""), null, 10));

        assertThat(subjects(unseen)).containsExactly("second");
    }

    @Test
    void aFolderThatDoesNotExistIsAConfigurationErrorNamingTheField() throws Exception {
        ConnectorException e = catchThrowableOfType(ConnectorException.class,
                () -> client.poll(new PollRequest("mail.inbox", Schemas.parse("""
                        {"folder": "No-Such-Folder"}"""), null, 10)));

        assertThat(e.code()).isEqualTo("mail.config");
        assertThat(e.getMessage()).contains("'folder'").contains("No-Such-Folder");
    }

    @Test
    void aWrongPasswordFailsThePollWithMailAuthAndNeverShowsThePassword() throws Exception {
        String wrong = "canary-wrong-pw-55e2aa";
        try (SystemClient refused = new MailConnector().open(GreenMailServer.system(MAIL, wrong))) {
            ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> refused.poll(
                    new PollRequest("mail.inbox", Schemas.parse("{}"), null, 10)));

            assertThat(e.code()).isEqualTo("mail.auth");
            assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(GreenMailServer.PASSWORD);
        }
    }
}
