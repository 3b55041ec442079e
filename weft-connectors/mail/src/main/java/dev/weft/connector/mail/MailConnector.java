package dev.weft.connector.mail;

import com.google.auto.service.AutoService;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;

/**
 * The {@code mail} connector: {@code mail.send} over SMTP (text, HTML, attachments, a Message-ID derived
 * from the step's idempotency key) and the polling trigger {@code mail.inbox} over IMAP, whose cursor is the
 * folder's UIDVALIDITY and last UID. The configured servers' hosts are checked against the platform's egress
 * rules before any connection. Thread-safe; creating it connects to nothing.
 */
@AutoService(Connector.class)
public final class MailConnector implements Connector {

    @Override
    public ConnectorSpec spec() {
        return Schemas.SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        return new MailSystemClient(context);
    }
}
