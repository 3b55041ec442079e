package dev.weft.store.jdbc;

import static dev.weft.store.jdbc.Queries.bind;
import static dev.weft.store.jdbc.Queries.first;

import dev.weft.connector.BlobRef;
import dev.weft.engine.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The {@link BlobStore} on a JDBC {@link Database}: a {@code blobs} row per tenant and hash, the bytes in
 * {@code blob_chunks} rows of {@link #CHUNK_BYTES}. Each chunk is written in a transaction of its own, so
 * that storing a large blob never holds SQLite's single writer for long; the {@code blobs} row comes last,
 * so that a blob is visible only when complete. A chunk's bytes follow from the hash and its number, so
 * chunks left by a put that crashed are simply written again by the next put of the same bytes.
 * Thread-safe.
 */
final class JdbcBlobStore implements BlobStore {
    /** 1 MiB: the most a put or a reader holds in memory at once. */
    static final int CHUNK_BYTES = 1024 * 1024;

    private final Database db;

    JdbcBlobStore(Database db) {
        this.db = db;
    }

    @Override
    public long storedBytes(String tenantId) {
        return db.read(tenantId, statements -> {
            PreparedStatement sum = statements
                    .prepare("SELECT COALESCE(SUM(size), 0) FROM blobs WHERE tenant_id = ?");
            bind(sum, tenantId);
            try (java.sql.ResultSet rs = sum.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public Optional<BlobRef> blob(String tenantId, String hash) {
        return db.read(tenantId, statements -> {
            PreparedStatement select = statements
                    .prepare("SELECT size, content_type FROM blobs WHERE tenant_id = ? AND hash = ?");
            bind(select, tenantId, hash);
            return first(select, rs -> new BlobRef(hash, rs.getLong("size"), rs.getString("content_type")));
        });
    }

    @Override
    public boolean putBlob(String tenantId, BlobRef ref, InputStream content, Instant now) {
        if (blob(tenantId, ref.hash()).isPresent()) {
            return false;
        }
        byte[] buffer = new byte[CHUNK_BYTES];
        long written = 0;
        for (int seq = 0;; seq++) {
            int n = fill(content, buffer);
            if (n == 0) {
                break;
            }
            written += n;
            if (written > ref.size()) {
                throw new IllegalArgumentException("the content of " + ref.hash() + " holds more than the "
                        + ref.size() + " bytes its reference says");
            }
            writeChunk(tenantId, ref.hash(), seq, n == CHUNK_BYTES ? buffer : Arrays.copyOf(buffer, n));
            if (n < CHUNK_BYTES) {
                break;
            }
        }
        if (written != ref.size()) {
            throw new IllegalArgumentException("the content of " + ref.hash() + " holds " + written
                    + " bytes, but its reference says " + ref.size());
        }
        return db.write(tenantId, statements -> {
            PreparedStatement insert = statements.prepare("INSERT INTO blobs (tenant_id, hash, size,"
                    + " content_type, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant_id, hash) DO NOTHING");
            insert.setString(1, tenantId);
            insert.setString(2, ref.hash());
            insert.setLong(3, ref.size());
            insert.setString(4, ref.contentType());
            Rows.setInstant(insert, 5, now);
            return insert.executeUpdate() == 1;
        });
    }

    private void writeChunk(String tenantId, String hash, int seq, byte[] data) {
        db.write(tenantId, statements -> {
            // Replaces a chunk a crashed put left: the same bytes, unless the chunk size ever changes.
            PreparedStatement insert = statements
                    .prepare("INSERT INTO blob_chunks (tenant_id, hash, seq, data)"
                            + " VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, hash, seq) DO UPDATE SET data = excluded.data");
            insert.setString(1, tenantId);
            insert.setString(2, hash);
            insert.setInt(3, seq);
            insert.setBytes(4, data);
            return insert.executeUpdate();
        });
    }

    /** Reads up to a whole buffer; fewer bytes only at the end of {@code content}. */
    private static int fill(InputStream content, byte[] buffer) {
        try {
            return content.readNBytes(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the blob's content failed", e);
        }
    }

    @Override
    public Optional<InputStream> openBlob(String tenantId, String hash) {
        return blob(tenantId, hash).map(ref -> new ChunkStream(tenantId, ref));
    }

    /** Reads a blob one chunk (one query) at a time, as it is consumed. Not thread-safe. */
    private final class ChunkStream extends InputStream {
        private final String tenantId;
        private final BlobRef ref;
        private final long chunks;
        private int nextSeq;
        private byte[] chunk = new byte[0];
        private int position;
        private boolean closed;

        ChunkStream(String tenantId, BlobRef ref) {
            this.tenantId = tenantId;
            this.ref = ref;
            this.chunks = (ref.size() + CHUNK_BYTES - 1) / CHUNK_BYTES;
        }

        @Override
        public int read() throws IOException {
            return ready() ? chunk[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!ready()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - position);
            System.arraycopy(chunk, position, b, off, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return closed ? 0 : chunk.length - position;
        }

        /** Whether a byte is there to read, loading the next chunk when this one is used up. */
        private boolean ready() throws IOException {
            if (closed) {
                throw new IOException("the stream of blob " + ref.hash() + " is closed");
            }
            while (position == chunk.length) {
                if (nextSeq == chunks) {
                    return false;
                }
                chunk = load(nextSeq++);
                position = 0;
            }
            return true;
        }

        private byte[] load(int seq) throws IOException {
            Optional<byte[]> data;
            try {
                data = db.read(tenantId, statements -> {
                    PreparedStatement select = statements.prepare(
                            "SELECT data FROM blob_chunks WHERE tenant_id = ? AND hash = ? AND seq = ?");
                    bind(select, tenantId, ref.hash(), seq);
                    return first(select, rs -> rs.getBytes("data"));
                });
            } catch (RuntimeException e) {
                throw new IOException("reading chunk " + seq + " of blob " + ref.hash() + " failed: "
                        + e.getMessage(), e);
            }
            if (data.isEmpty() || data.get().length == 0) {
                throw new IOException("blob " + ref.hash() + " has no chunk " + seq + " of " + chunks
                        + ": the store is damaged");
            }
            return data.get();
        }

        @Override
        public void close() {
            closed = true;
            chunk = new byte[0];
            position = 0;
        }
    }
}
