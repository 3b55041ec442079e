package dev.weft.connector.files;

import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Credential;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.client.SftpVersionSelector;

/**
 * The SSH connection to one SFTP server: a single session, opened when first needed and again after it
 * dropped, that each call opens its own SFTP channel on. The server's host key must have the configured
 * SHA-256 fingerprint; no other key is ever accepted. Thread-safe.
 */
final class SftpLink implements AutoCloseable {
    private final FilesConfig config;
    private final String user;
    private final String password;
    private final List<KeyPair> keys;
    private final SshClient client;
    private volatile String refusedKey;
    private ClientSession session;

    SftpLink(FilesConfig config, Optional<Credential> credential) throws ConnectorException {
        this.config = config;
        switch (credential.orElse(null)) {
            case Credential.Basic b -> {
                this.user = b.username();
                this.password = b.password();
                this.keys = List.of();
            }
            case Credential.Secret s -> {
                if (config.user() == null || config.user().isEmpty()) {
                    throw ConnectorException.permanent("files.config", "files system config: 'user' is"
                            + " required with a private-key (secret) credential, for example \"upload\"",
                            null,
                            null);
                }
                this.user = config.user();
                this.password = null;
                this.keys = parseKeys(s.value());
            }
            case null -> throw ConnectorException.permanent("files.config", "an sftp system needs a"
                    + " credential: basic (user and password) or secret (an OpenSSH private key)", null,
                    null);
            default -> throw ConnectorException.permanent("files.config", "an sftp system takes a basic or"
                    + " secret credential, not " + credential.get().type().wireName(), null, null);
        }
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(this::verifyHostKey);
        client.start();
    }

    private static List<KeyPair> parseKeys(String pem) throws ConnectorException {
        try {
            List<KeyPair> out = new ArrayList<>();
            Iterable<KeyPair> found = SecurityUtils.loadKeyPairIdentities(null,
                    NamedResource.ofName("credential"),
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)), null);
            if (found != null) {
                found.forEach(out::add);
            }
            if (out.isEmpty()) {
                throw new GeneralSecurityException("no key found");
            }
            return List.copyOf(out);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // The parser's message may quote the key text: name only what kind of failure it was.
            throw ConnectorException.permanent("files.auth", "the secret credential is not an unencrypted"
                    + " OpenSSH private key (-----BEGIN OPENSSH PRIVATE KEY-----): "
                    + e.getClass().getSimpleName(),
                    null, null);
        }
    }

    private boolean verifyHostKey(ClientSession s, SocketAddress address, PublicKey key) {
        String actual = KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
        if (config.knownHostKey().equals(actual)) {
            return true;
        }
        refusedKey = actual;
        return false;
    }

    /** A new SFTP channel on the (re)opened session; the caller closes it. */
    SftpClient open(Duration timeout) throws ConnectorException {
        ClientSession s = session(min(timeout, config.connectionTimeout()));
        try {
            return SftpClientFactory.instance().createSftpClient(s,
                    SftpVersionSelector.fixedVersionSelector(3));
        } catch (IOException e) {
            throw Failures.unreachable(config.where(), e);
        }
    }

    private synchronized ClientSession session(Duration timeout) throws ConnectorException {
        if (session != null && session.isOpen() && session.isAuthenticated()) {
            return session;
        }
        closeSession();
        refusedKey = null;
        ClientSession s;
        try {
            s = client.connect(user, config.host(), config.port()).verify(timeout).getSession();
        } catch (IOException e) {
            throw refusedKey != null
                    ? Failures.hostKey(config.knownHostKey(), refusedKey)
                    : Failures.unreachable(config.where(), e);
        }
        try {
            if (password != null) {
                s.addPasswordIdentity(password);
            }
            keys.forEach(s::addPublicKeyIdentity);
            s.auth().verify(timeout);
        } catch (IOException e) {
            boolean open = s.isOpen();
            closeQuietly(s);
            if (refusedKey != null) {
                throw Failures.hostKey(config.knownHostKey(), refusedKey);
            }
            throw open ? Failures.auth(user) : Failures.unreachable(config.where(), e);
        }
        session = s;
        return s;
    }

    ConnectionTest test(String rootState) {
        return ConnectionTest.ok("connected to " + config.where() + " as " + user + "; " + rootState);
    }

    String user() {
        return user;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private void closeSession() {
        if (session != null) {
            closeQuietly(session);
            session = null;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // Closing a connection that already failed: nothing more to do.
        }
    }

    @Override
    public synchronized void close() {
        closeSession();
        closeQuietly(client);
    }
}
