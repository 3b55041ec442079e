package dev.weft.connector.mail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;
import jakarta.mail.MessagingException;
import jakarta.mail.Service;
import jakarta.mail.Session;
import java.util.ArrayList;
import java.util.List;

/**
 * The client of one mail system. It keeps no connection open: each send and each poll opens its own SMTP
 * or IMAP connection and closes it, which mail servers expect of occasional clients and which leaves
 * nothing to go stale between polls. The servers' hosts are checked against the platform's egress rules
 * when the client opens. Thread-safe: it holds only immutable configuration.
 */
final class MailSystemClient implements SystemClient {
    private final SystemContext context;
    private final MailConfig config;

    MailSystemClient(SystemContext context) throws ConnectorException {
        this.context = context;
        this.config = MailConfig.of(context);
        for (MailConfig.Server server : new MailConfig.Server[]{config.smtp(), config.imap()}) {
            if (server != null) {
                context.egress().checkHost("mail " + server.protocol(), server.host());
            }
        }
    }

    @Override
    public JsonNode invoke(Call call) throws ConnectorException {
        if (!Send.NAME.equals(call.operation())) {
            throw ConnectorException.permanent("mail.unknown_operation",
                    "the mail connector has no operation '"
                            + call.operation() + "'; it has " + Send.NAME,
                    null, null);
        }
        return Send.send(call, config);
    }

    @Override
    public PollResult poll(PollRequest request) throws ConnectorException {
        if (!Inbox.NAME.equals(request.trigger())) {
            return SystemClient.super.poll(request);
        }
        return Inbox.poll(request, config, context.logger());
    }

    @Override
    public ConnectionTest test() {
        List<String> reached = new ArrayList<>();
        for (MailConfig.Server server : new MailConfig.Server[]{config.smtp(), config.imap()}) {
            if (server == null) {
                continue;
            }
            Session session = Session.getInstance(config.properties(server, config.connectionTimeout()));
            try (Service service = server.protocol().equals("smtp")
                    ? session.getTransport(MailConfig.protocol(server))
                    : session.getStore(MailConfig.protocol(server))) {
                service.connect(server.host(), server.port(), config.username(), config.password());
                reached.add(server.where());
            } catch (MessagingException e) {
                ConnectorException failure = Failures.of(e, "logging in", server.where(), config);
                return ConnectionTest.failed(failure.getMessage());
            }
        }
        return ConnectionTest.ok("logged in to the " + String.join(" and the ", reached) + " as "
                + config.username());
    }

    @Override
    public void close() {
        // Nothing is held open between calls.
    }

}
