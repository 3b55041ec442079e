package dev.weft.connector.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailProxy;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.weft.connector.Credential;
import dev.weft.testkit.connector.TestSystem;

/**
 * The tests' in-process mail server: GreenMail's SMTP and IMAP on free ports of the loopback interface, with
 * one mailbox whose password is a canary that must never come back from the connector.
 */
final class GreenMailServer {
    static final String ADDRESS = "robot@weft.test";
    static final String USER = "robot";
    static final String PASSWORD = "canary-mail-pw-7c41e9";

    private GreenMailServer() {
    }

    static GreenMailExtension extension() {
        return new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(ADDRESS, USER, PASSWORD));
    }

    static TestSystem system(GreenMailProxy mail) {
        return system(mail, PASSWORD);
    }

    static TestSystem system(GreenMailProxy mail, String password) {
        JsonNode config = Schemas.parse("""
                {"smtp": {"host": "127.0.0.1", "port": %d, "tls": "none"},
                 "imap": {"host": "127.0.0.1", "port": %d, "tls": "none"},
                 "from": "Weft <%s>", "connectionTimeout": 5000}
                """.formatted(mail.getSmtp().getPort(), mail.getImap().getPort(), ADDRESS));
        return TestSystem.named("mail-test").withConfig(config).withCredential(new Credential.Basic(USER,
                password));
    }
}
