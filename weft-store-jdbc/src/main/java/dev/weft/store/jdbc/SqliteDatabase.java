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
 * time) and a pool of reader connections (WAL lets readers run beside the writer). A write that fails
 * in the database (disk full, I/O error) replaces the writer connection and its prepared statements, so
 * that the next write starts clean once the cause is gone; until a write succeeds again, {@link
 * #checkWritable} tries a small write of its own. Thread-safe.
 */
final class SqliteDatabase implements Database {

    /** The database file's name in its data directory. */
    static final String FILE_NAME = "weft.db";
    /** How long a write waits for another process (e.g. {@code weft signal}) to finish its own. */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;
    /** Idle reader connections kept open; more are opened under load and closed when returned. */
    private static final int IDLE_READERS = 4;

    private final String url;
    private final Path file;
    private final SQLiteDataSource writers;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Replaced after a failed write; guarded by {@link #writeLock}. */
    private StatementCache writerStatements;
    private final ConcurrentLinkedQueue<StatementCache> idleReaders = new ConcurrentLinkedQueue<>();
    /** Why the last write failed, or null when it succeeded. */
    private volatile String writeFailure;
    /** {@code PRAGMA max_page_count} of every writer connection, 0 for SQLite's own (tests fill the disk). */
    private volatile long maxPageCount;
    private volatile boolean closed;

    private SqliteDatabase(Path file, String url, SQLiteDataSource writers) throws SQLException {
        this.file = file;
        this.url = url;
        this.writers = writers;
        this.writerStatements = new StatementCache(writers.getConnection());
    }

    /** Opens (creating if needed) {@code dataDir/weft.db} and migrates its schema. */
    static SqliteDatabase open(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
            createPrivate(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        String url = "jdbc:sqlite:" + file;
        SQLiteDataSource writers = new SQLiteDataSource(writerConfig());
        writers.setUrl(url);
        migrate(dataDir, writers);
        try {
            return new SqliteDatabase(file, url, writers);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + url, e);
        }
    }

    private static final java.util.Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY = java.nio.file.attribute.PosixFilePermissions
            .fromString("rw-------");

    /**
     * Creates the database file readable and writable by this user only, or narrows an existing one (and
     * its write-ahead log, shared-memory and lock files) to that. It holds every execution's data and the
     * sealed credentials; SQLite gives the files it creates beside it the database file's mode, so the log
     * and the shared memory are created the same way. Nothing is done where the file system has no POSIX
     * modes.
     */
    private static void createPrivate(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        if (Files.notExists(file)) {
            try {
                Files.createFile(file,
                        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another process created it at the same moment: narrowed below
            }
        }
        for (String suffix : new String[]{"", "-wal", "-shm", ".migrate-lock"}) {
            Path f = file.resolveSibling(file.getFileName() + suffix);
            try {
                if (!Files.getPosixFilePermissions(f).equals(OWNER_ONLY)) {
                    Files.setPosixFilePermissions(f, OWNER_ONLY);
                }
            } catch (java.nio.file.NoSuchFileException absent) {
                // not created yet: SQLite creates it with the database file's mode
            }
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
                java.util.Set.of(java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE),
                lockFile.getFileSystem().supportedFileAttributeViews().contains("posix")
                        ? new java.nio.file.attribute.FileAttribute<?>[]{
                                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                        : new java.nio.file.attribute.FileAttribute<?>[0])) {
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

    /** How many rows the writer connection has changed since it was opened. */
    private long totalChanges() throws SQLException {
        try (java.sql.ResultSet rs = writerStatements.prepare("SELECT total_changes()").executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Runs {@code work} in one write transaction on the writer connection and commits, or rolls back if
     * it throws. {@code BEGIN IMMEDIATE} takes SQLite's write lock up front, so that a transaction that
     * reads before it writes cannot fail half-way on a write lock held by another process. While this
     * thread serves a request with an audit entry, the first transaction that changes a row carries it.
     */
    @Override
    public <T> T write(String tenant, Work<T> work) {
        writeLock.lock();
        try {
            ensureOpen();
            writerStatements.prepare("BEGIN IMMEDIATE").execute();
            T result;
            dev.weft.engine.store.AuditEntry audited = null;
            try {
                // A request's audit entry goes with the first transaction that changes a row.
                boolean auditing = dev.weft.engine.store.AuditScope.pending().isPresent();
                long changesBefore = auditing ? totalChanges() : 0;
                result = work.run(writerStatements);
                if (auditing && totalChanges() > changesBefore) {
                    audited = JdbcAuditStore.appendPending(writerStatements);
                }
                writerStatements.prepare("COMMIT").execute();
            } catch (SQLException | RuntimeException e) {
                // Also after a failed COMMIT: the next BEGIN must not find this transaction still open.
                if (!rollback(e) && e instanceof RuntimeException) {
                    replaceWriter(e);
                }
                throw e;
            }
            if (audited != null) {
                dev.weft.engine.store.AuditScope.committed(audited);
            }
            return result;
        } catch (SQLException e) {
            // After SQLITE_FULL or an I/O error the connection may keep a transaction open (the ROLLBACK
            // fails with statements in progress) and its prepared statements are finalized: every later
            // write would fail until a restart. A new connection starts clean; closing the old one rolls
            // back whatever it still held. Nothing committed is lost, and nothing uncommitted was acknowledged.
            if (storageFailure(e)) {
                writeFailure = e.getMessage(); // /ready says not ready until its probe write succeeds again
            }
            replaceWriter(e);
            throw new IllegalStateException("write to " + url + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Rolls back; false when that failed (then the transaction may still be open). */
    private boolean rollback(Exception cause) {
        try {
            writerStatements.prepare("ROLLBACK").execute();
            return true;
        } catch (SQLException e) {
            // SQLite rolls back by itself on some errors (disk full, I/O); then there is nothing to roll back.
            cause.addSuppressed(e);
            return false;
        }
    }

    /** Holding the write lock: closes the writer connection and opens a new one. */
    private void replaceWriter(Exception cause) {
        writerStatements.close();
        try {
            writerStatements = new StatementCache(writers.getConnection());
            applyMaxPageCount();
        } catch (SQLException e) {
            cause.addSuppressed(e);
            // The next write tries again on this closed connection, fails, and replaces it once more.
        }
    }

    private void applyMaxPageCount() throws SQLException {
        if (maxPageCount > 0) {
            try (var rs = writerStatements.prepare("PRAGMA max_page_count = " + maxPageCount)
                    .executeQuery()) {
                rs.next();
            }
        }
    }

    /**
     * For tests: limits the file to {@code pages} pages (SQLite answers SQLITE_FULL past it, as on a full
     * disk; it cannot go below the file's current size) and keeps the limit across writer connections.
     * 0 restores SQLite's own limit.
     */
    void maxPageCount(long pages) {
        writeLock.lock();
        try {
            maxPageCount = pages;
            applyMaxPageCount();
            if (pages == 0) {
                try (var rs = writerStatements.prepare("PRAGMA max_page_count = 4294967294").executeQuery()) {
                    rs.next();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set max_page_count on " + url + ": " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Whether the failure is the storage's (a full disk, an I/O error, a damaged or unopenable file), which
     * lasts until something outside changes, rather than one write's (a lock held too long elsewhere, a
     * refused row), after which the next write may well succeed.
     */
    private static boolean storageFailure(SQLException e) {
        if (!(e instanceof org.sqlite.SQLiteException sqlite)) {
            return true;
        }
        return switch (sqlite.getResultCode().code & 0xff) {
            case 10, 11, 13, 14, 26 -> true; // SQLITE_IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB
            default -> false;
        };
    }

    /**
     * Throws while writes fail: when the last write failed, tries a write of its own that needs the file to
     * grow by a page more than its free pages (and takes nothing away), and throws if that fails too.
     */
    @Override
    public void checkWritable() {
        if (writeFailure == null) {
            return;
        }
        try {
            write(statements -> {
                long pageSize;
                long free;
                try (var rs = statements.prepare("PRAGMA page_size").executeQuery()) {
                    rs.next();
                    pageSize = rs.getLong(1);
                }
                try (var rs = statements.prepare("PRAGMA freelist_count").executeQuery()) {
                    rs.next();
                    free = rs.getLong(1);
                }
                var insert = statements.prepare("INSERT INTO store_probe (filler) VALUES (zeroblob(?))");
                insert.setLong(1, (free + 1) * pageSize);
                insert.executeUpdate();
                statements.prepare("DELETE FROM store_probe").executeUpdate();
                return null;
            });
            // Only a write that needed the database to grow says the failure is over: a small write (an audit
            // entry of the refused request, say) may still fit in free pages while larger ones fail.
            writeFailure = null;
        } catch (IllegalStateException e) {
            throw new IllegalStateException("writes to " + url + " fail: " + writeFailure, e);
        }
    }

    /** Runs {@code work} on a reader connection; each statement sees the latest committed state. */
    @Override
    public <T> T read(String tenant, Work<T> work) {
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
            if (reader != null) {
                reader.close(); // its statements may be finalized by the failure: the next read opens a new one
                reader = null;
            }
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
