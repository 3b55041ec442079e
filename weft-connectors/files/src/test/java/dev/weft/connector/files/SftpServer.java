package dev.weft.connector.files;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/** An in-process SFTP server (Apache MINA SSHD) on a free port, its files under {@code home}. */
final class SftpServer implements AutoCloseable {
    static final String USER = "weft";
    static final String PASSWORD = "canary-sftp-password-5b1f";
    private final SshServer server;

    SftpServer(Path home) throws IOException {
        this(home, null);
    }

    /** A server that also lets {@link #USER} in with {@code userKey}. */
    SftpServer(Path home, PublicKey userKey) throws IOException {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        server.setPasswordAuthenticator((u, p, s) -> USER.equals(u) && PASSWORD.equals(p));
        if (userKey != null) {
            server.setPublickeyAuthenticator((u, k, s) -> USER.equals(u) && KeyUtils.compareKeys(userKey, k));
        }
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(home));
        server.start();
    }

    int port() {
        return server.getPort();
    }

    String fingerprint() throws Exception {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256,
                server.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
