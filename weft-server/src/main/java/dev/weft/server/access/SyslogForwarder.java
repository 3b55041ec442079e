package dev.weft.server.access;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.weft.engine.store.AuditRecord;
import dev.weft.engine.store.AuditStore;
import dev.weft.engine.store.TriggerCursorStore;
import dev.weft.gateway.egress.EgressGuard;
import dev.weft.server.api.AuditApi;
import dev.weft.server.config.SyslogSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards every tenant's audit entries to a syslog receiver as RFC 5424 messages (facility 13, log audit),
 * in chain order, from where it stopped: each tenant's position is saved after the entries sent, so a
 * restart goes on without a gap; an entry sent just before a crash may be sent again (at least once). The
 * message's structured data carries tenant, sequence number, actor, action, outcome and hash, and its text
 * the whole entry as JSON. The receiver's address passes the egress guard. Thread-safe.
 */
public final class SyslogForwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogForwarder.class);
    static final String CURSOR = "audit.syslog";
    private static final int FACILITY_LOG_AUDIT = 13;
    private static final int SEVERITY_NOTICE = 5;
    private static final int SEVERITY_WARNING = 4;
    private static final int BATCH = 500;
    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final int MAX_UDP = 8 * 1024;

    private final SyslogSettings settings;
    private final AuditStore audit;
    private final TriggerCursorStore cursors;
    private final EgressGuard egress;
    private final Clock clock;
    private final String hostname;
    private volatile boolean closed;
    private Thread thread;
    private Socket tcp;

    public SyslogForwarder(SyslogSettings settings, AuditStore audit, TriggerCursorStore cursors,
            EgressGuard egress,
            Clock clock) {
        this.settings = settings;
        this.audit = audit;
        this.cursors = cursors;
        this.egress = egress;
        this.clock = clock;
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            name = "-";
        }
        this.hostname = name;
    }

    public SyslogForwarder start() {
        thread = Thread.ofVirtual().name("weft-audit-syslog").start(() -> {
            while (!closed) {
                try {
                    forwardAll();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("audit forwarding to syslog {}:{} ({}) failed, trying again: {}",
                            settings.host(),
                            settings.port(), settings.protocol(), e.getMessage());
                    closeTcp();
                }
                try {
                    Thread.sleep(EVERY);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return this;
    }

    /** Sends every tenant's entries after its saved position; returns how many were sent. */
    public int forwardAll() throws IOException {
        int sent = 0;
        for (String tenant : audit.tenants()) {
            long after = cursors.cursor(tenant, CURSOR).map(c -> c.path("seq").asLong(0)).orElse(0L);
            for (;;) {
                List<AuditRecord> page = audit.chain(tenant, after, BATCH);
                if (page.isEmpty()) {
                    break;
                }
                for (AuditRecord r : page) {
                    send(message(r));
                }
                flush();
                after = page.getLast().seq();
                cursors.saveCursor(tenant, CURSOR, JsonNodeFactory.instance.objectNode().put("seq", after),
                        clock.instant());
                sent += page.size();
                if (page.size() < BATCH) {
                    break;
                }
            }
        }
        return sent;
    }

    /** An RFC 5424 message for an entry. */
    String message(AuditRecord r) {
        var e = r.entry();
        int pri = FACILITY_LOG_AUDIT * 8
                + (e.outcome().equals("success") ? SEVERITY_NOTICE : SEVERITY_WARNING);
        String sd = "[weft@32473 tenant=\"" + param(e.tenant()) + "\" seq=\"" + r.seq() + "\" actor=\""
                + param(e.actor()) + "\" action=\"" + param(e.action()) + "\" outcome=\"" + e.outcome()
                + "\" hash=\"" + r.hash() + "\"]";
        return "<" + pri + ">1 " + DateTimeFormatter.ISO_INSTANT.format(e.at()) + " " + token(hostname, 255)
                + " "
                + token(settings.appName(), 48) + " - audit " + sd + " " + AuditApi.view(r);
    }

    /** SD-PARAM values escape '"', '\' and ']' (RFC 5424, 6.3.3). */
    private static String param(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }

    /** A header field: printable US-ASCII without spaces, at most {@code max} characters, or "-". */
    private static String token(String value, int max) {
        String clean = value == null ? "" : value.replaceAll("[^\\x21-\\x7e]", "");
        return clean.isEmpty() ? "-" : clean.substring(0, Math.min(max, clean.length()));
    }

    private InetSocketAddress target() throws IOException {
        InetAddress address = InetAddress.getByName(settings.host());
        egress.checkAddress(settings.host(), address);
        return new InetSocketAddress(address, settings.port());
    }

    private void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (settings.protocol().equals(SyslogSettings.UDP)) {
            try (DatagramSocket socket = new DatagramSocket()) {
                int length = Math.min(bytes.length, MAX_UDP);
                socket.send(new DatagramPacket(bytes, length, target()));
            }
            return;
        }
        if (tcp == null || tcp.isClosed()) {
            Socket s = new Socket();
            s.connect(target(), 5_000);
            tcp = s;
        }
        OutputStream out = tcp.getOutputStream();
        // Octet counting (RFC 6587, 3.4.1): the length, a space, the message.
        out.write((bytes.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
    }

    private void flush() throws IOException {
        if (tcp != null && !tcp.isClosed()) {
            tcp.getOutputStream().flush();
        }
    }

    private void closeTcp() {
        if (tcp != null) {
            try {
                tcp.close();
            } catch (IOException e) {
                // Closing a broken connection: the next round opens another.
            }
            tcp = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeTcp();
    }
}
