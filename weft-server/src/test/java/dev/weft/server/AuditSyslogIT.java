package dev.weft.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.server.config.ServerSettings;
import dev.weft.server.config.SyslogSettings;
import dev.weft.testkit.Eventually;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log forwarded to a syslog receiver (RFC 5424): over TCP with octet-counted frames, and over UDP;
 * each entry once in chain order, and after a restart on from where it stopped.
 */
class AuditSyslogIT {
    private static final String KEY = "test-admin-key-0123456789abcdef";

    @TempDir
    Path data;
    private WeftServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ServerCalls start(SyslogSettings syslog) throws Exception {
        server = WeftServer.start(ServerSettings.defaults().withDataDir(data).withPort(0)
                .withEgressAllow(List.of("127.0.0.1/32")).withAuditSyslog(syslog),
                Map.of("WEFT_ADMIN_API_KEY", KEY),
                Clock.systemUTC());
        return new ServerCalls(server.port(), KEY);
    }

    /** Reads octet-counted frames (RFC 6587): the length, a space, the message. */
    private void receiveTcp(ServerSocket listener) {
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept();
                        DataInputStream in = new DataInputStream(s.getInputStream())) {
                    for (;;) {
                        StringBuilder length = new StringBuilder();
                        int c;
                        while ((c = in.read()) != ' ') {
                            if (c < 0) {
                                throw new IOException("closed");
                            }
                            length.append((char) c);
                        }
                        byte[] message = new byte[Integer.parseInt(length.toString())];
                        in.readFully(message);
                        received.add(new String(message, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // The server closed its connection (a restart): accept the next.
                }
            }
        });
    }

    @Test
    void everyEntryReachesATcpReceiverOnceInOrderAlsoAcrossARestart() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            receiveTcp(listener);
            SyslogSettings syslog = new SyslogSettings("127.0.0.1", listener.getLocalPort(),
                    SyslogSettings.TCP, "weft");
            ServerCalls api = start(syslog);
            api.call("PUT", "/api/v1/credentials/a", "{\"type\": \"secret\", \"value\": \"v-1-xyzabc\"}",
                    "application/json");
            api.call("PUT", "/api/v1/credentials/b", "{\"type\": \"secret\", \"value\": \"v-2-xyzabc\"}",
                    "application/json");
            Eventually.until("two entries forwarded", Duration.ofSeconds(20), () -> received.size() >= 2);
            server.close();
            server = null;

            api = start(syslog);
            api.call("DELETE", "/api/v1/credentials/a", null, null);
            Eventually.until("the third entry forwarded", Duration.ofSeconds(20), () -> received.size() >= 3);
            // Nothing is sent twice: the next entry forwarded is the fourth, right after the third.
            api.call("PUT", "/api/v1/credentials/c", "{\"type\": \"secret\", \"value\": \"v-3-xyzabc\"}",
                    "application/json");
            Eventually.until("a fourth entry forwarded", Duration.ofSeconds(20), () -> received.size() >= 4);
        }

        assertThat(received).hasSize(4);
        assertThat(received.get(3)).contains("seq=\"4\"", "action=\"putCredential\"");
        assertThat(received.get(0)).startsWith("<109>1 ")
                .contains(" weft - audit [weft@32473 tenant=\"default\""
                        + " seq=\"1\"", "action=\"putCredential\"", "outcome=\"success\"");
        assertThat(received.get(1)).contains("seq=\"2\"");
        assertThat(received.get(2)).contains("seq=\"3\"", "action=\"deleteCredential\"");
        assertThat(received).allSatisfy(m -> assertThat(m).doesNotContain("xyzabc"));
    }

    @Test
    void entriesReachAUdpReceiver() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[65_536];
                while (!socket.isClosed()) {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(packet);
                        received.add(
                                new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            ServerCalls api = start(new SyslogSettings("127.0.0.1", socket.getLocalPort(), SyslogSettings.UDP,
                    "weft"));
            new ServerCalls(server.port(), "weft_wrong-key-000000000000000000000000000000").call("GET",
                    "/api/v1/flows", null, null);
            Eventually.until("the failed sign-in forwarded", Duration.ofSeconds(20),
                    () -> !received.isEmpty());
            assertThat(api.get("/api/v1/audit").get("items")).hasSize(1);
        }
        assertThat(received.getFirst()).startsWith("<108>1 ").contains("action=\"auth.failed\"",
                "outcome=\"failure\"");
    }
}
