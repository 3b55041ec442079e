package dev.weft.connector.mail;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.weft.connector.Call;
import dev.weft.connector.Connector;
import dev.weft.testkit.connector.ConnectorContract;
import dev.weft.testkit.connector.TestSystem;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The connector contract against an in-process GreenMail server. The test system's egress rules play no
 * part: mail connections do not go through the egress guard, which is for HTTP targets.
 */
class MailConnectorContractIT extends ConnectorContract {
    @RegisterExtension
    static final GreenMailExtension MAIL = GreenMailServer.extension();

    @Override
    protected Connector connector() {
        return new MailConnector();
    }

    @Override
    protected TestSystem system() {
        return GreenMailServer.system(MAIL);
    }

    @Override
    protected List<Call> succeedingCalls() {
        return List.of(call("mail.send", """
                {"to": ["robot@weft.test"], "subject": "contract", "text": "plain", "html": "<p>rich</p>",
                 "attachments": [{"filename": "a.txt", "contentType": "text/plain", "content": "aGVsbG8="}],
                 "headers": {"X-Test": "contract"}}
                """));
    }

    @Override
    protected List<Call> failingCalls() {
        return List.of(
                call("mail.send", """
                        {"to": ["not an address"], "text": "x"}"""),
                call("mail.send", """
                        {"to": ["robot@weft.test"], "cc": ["also@@bad"], "text": "x"}"""),
                call("mail.send",
                        """
                                {"to": ["robot@weft.test"], "attachments": [{"filename": "a", "content": "!!not base64"}]}"""),
                call("mail.send", """
                        {"to": ["robot@weft.test"], "headers": {"Message-ID": "<mine@example.com>"}}"""),
                call("mail.send", """
                        {"to": ["robot@weft.test"], "colour": "blue"}"""));
    }
}
