package dev.weft.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite database file: a single writer connection behind a lock (SQLite admits one writer at a
 * time) and a pool of reader connections (WAL lets readers run beside the writer). Thread-safe.
 */
final class SqliteDatabase implements Database {

    /** How long a write waits for another process (e.g. {@code weft signal}) to finish its own. */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;
    /** Idle reader connections kept open; more are opened under load and closed when returned. */
    private static final int IDLE_READERS = 4;

    private final String url;
    private final Path file;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final StatementCache writerStatements;
    private final ConcurrentLinkedQueue<StatementCache> idleReaders = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private SqliteDatabase(Path file, String url, Connection writer) {
        this.file = file;
        this.url = url;
        this.writerStatements = new StatementCache(writer);
    }

    /** Opens (creating if needed) {@code dataDir/weft.db} and migrates its schema. */
    static SqliteDatabase open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        Path file = dataDir.resolve("weft.db").toAbsolutePath();
        String url = "jdbc:sqlite:" + file;
        SQLiteDataSource writers = new SQLiteDataSource(writerConfig());
        writers.setUrl(url);
        migrate(dataDir, writers);
        try {
            return new SqliteDatabase(file, url, writers.getConnection());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + url, e);
        }
    }

    /**
     * Migrates the schema while holding a file lock beside the database: several processes may open a
     * fresh data directory at once (a server and {@code weft signal}, a test reading what {@code weft run}
     * writes), and Flyway does not lock an SQLite database itself, so two migrations would race and one
     * would fail with SQLITE_BUSY_SNAPSHOT.
     */
    private static void migrate(Path dataDir, SQLiteDataSource writers) {
        Path lockFile = dataDir.resolve("weft.db.migrate-lock");
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(lockFile,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            // Released when the channel closes, whatever the migration does.
            channel.lock();
            Flyway.configure()
                    .dataSource(writers)
                    .locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                    .load()
                    .migrate();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile + " to migrate the database", e);
        }
    }

    private static SQLiteConfig writerConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: in WAL mode, NORMAL may lose the last commits on power loss; every commit must be fsync'd.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        return config;
    }

    private static SQLiteConfig readerConfig() {
        // No journal_mode here: it is a property of the file, set by the writer, and setting it needs a lock.
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return config;
    }

    /**
     * Runs {@code work} in one write transaction on the writer connection and commits, or rolls back if
     * it throws. {@code BEGIN IMMEDIATE} takes SQLite's write lock up front, so that a transaction that
     * reads before it writes cannot fail half-way on a write lock held by another process.
     */
    @Override
    public <T> T write(Work<T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            writerStatements.prepare("BEGIN IMMEDIATE").execute();
            try {
                T result = work.run(writerStatements);
                writerStatements.prepare("COMMIT").execute();
                return result;
            } catch (SQLException | RuntimeException e) {
                // Also after a failed COMMIT: the next BEGIN must not find this transaction still open.
                rollback(e);
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("write to " + url + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    private void rollback(Exception cause) {
        try {
            writerStatements.prepare("ROLLBACK").execute();
        } catch (SQLException e) {
            // SQLite rolls back by itself on some errors (disk full, I/O); then there is nothing to roll back.
            cause.addSuppressed(e);
        }
    }

    /** Runs {@code work} on a reader connection; each statement sees the latest committed state. */
    @Override
    public <T> T read(Work<T> work) {
        ensureOpen();
        StatementCache reader = idleReaders.poll();
        try {
            if (reader == null) {
                SQLiteDataSource readers = new SQLiteDataSource(readerConfig());
                readers.setUrl(url);
                reader = new StatementCache(readers.getConnection());
                // A reader that writes would bypass the write lock; make that an error, not a race.
                reader.prepare("PRAGMA query_only = true").execute();
            }
            return work.run(reader);
        } catch (SQLException e) {
            throw new IllegalStateException("read from " + url + " failed: " + e.getMessage(), e);
        } finally {
            if (reader != null) {
                release(reader);
            }
        }
    }

    /** Runs {@code work} on the writer connection outside a transaction (to inspect its settings). */
    <T> T onWriter(Work<T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            return work.run(writerStatements);
        } catch (SQLException e) {
            throw new IllegalStateException("query on " + url + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Dialect dialect() {
        return SqliteDialect.INSTANCE;
    }

    @Override
    public String describe() {
        return "sqlite:" + file;
    }

    private void release(StatementCache reader) {
        // The size check races with other releases; a pool one or two over its size does no harm.
        if (!closed && idleReaders.size() < IDLE_READERS) {
            idleReaders.offer(reader);
            // close() may have drained the pool between the check and the offer.
            if (!closed || !idleReaders.remove(reader)) {
                return;
            }
        }
        reader.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("store on " + url + " is closed");
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            writerStatements.close();
        } finally {
            writeLock.unlock();
        }
        for (StatementCache reader; (reader = idleReaders.poll()) != null;) {
            reader.close();
        }
    }
}
