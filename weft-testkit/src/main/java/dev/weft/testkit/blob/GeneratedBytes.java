package dev.weft.testkit.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * Large test values that are never held in memory whole: a stream of pseudo-random bytes, the same for
 * the same size and seed however it is read, and its SHA-256 computed by streaming it again. Stateless.
 */
public final class GeneratedBytes {
    private static final int BLOCK = 8192;

    private GeneratedBytes() {
    }

    /** {@code size} bytes generated from {@code seed}, as they are read. */
    public static InputStream stream(long size, long seed) {
        return new InputStream() {
            private final Random random = new Random(seed);
            private final byte[] block = new byte[BLOCK];
            private int position = BLOCK;
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Objects.checkFromIndexSize(off, len, b.length);
                if (len == 0) {
                    return 0;
                }
                if (left == 0) {
                    return -1;
                }
                if (position == BLOCK) {
                    random.nextBytes(block);
                    position = 0;
                }
                int n = (int) Math.min(Math.min(len, BLOCK - position), left);
                System.arraycopy(block, position, b, off, n);
                position += n;
                left -= n;
                return n;
            }
        };
    }

    /** {@code sha256:} and the hex SHA-256 of {@link #stream stream(size, seed)}. */
    public static String sha256(long size, long seed) {
        try (InputStream in = stream(size, seed)) {
            return sha256(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code sha256:} and the hex SHA-256 of what {@code in} holds, read to its end (not closed). */
    public static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[BLOCK];
        for (int n; (n = in.read(buffer)) >= 0;) {
            digest.update(buffer, 0, n);
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    /** Counts what {@code in} holds, reading it to its end (not closed). */
    public static long count(InputStream in) throws IOException {
        return in.transferTo(java.io.OutputStream.nullOutputStream());
    }
}
