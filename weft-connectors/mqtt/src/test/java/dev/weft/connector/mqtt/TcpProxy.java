package dev.weft.connector.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder from a local port to the broker, so that a test can cut connections ({@link #cut()})
 * or make the broker unreachable ({@link #stop()}) without touching the shared Mosquitto. Thread-safe.
 */
final class TcpProxy implements AutoCloseable {
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile int port;

    TcpProxy(int targetPort) {
        this.targetPort = targetPort;
    }

    /** Listens on {@link #port()} (a free port the first time, the same one afterwards). */
    synchronized TcpProxy start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = s.getLocalPort();
        server = s;
        Thread.ofVirtual().start(() -> accept(s));
        return this;
    }

    int port() {
        return port;
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(broker);
                Thread.ofVirtual().start(() -> pump(client, broker));
                Thread.ofVirtual().start(() -> pump(broker, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side was cut
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Drops every connection through the proxy; new ones are still accepted. */
    void cut() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    /** Stops listening and drops every connection: the broker is unreachable through the proxy. */
    synchronized void stop() throws IOException {
        server.close();
        cut();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
