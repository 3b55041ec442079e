package dev.weft.connector.files;

import dev.weft.connector.Cancellation;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.ConnectorException;
import java.time.Duration;
import java.util.List;

/**
 * Where a system's files live: a local folder or an SFTP server, both seen through a root that paths
 * cannot leave. Every method fails with a {@code files.*} {@link ConnectorException}. Implementations
 * are thread-safe.
 */
interface Store extends AutoCloseable {

    /** What one call may spend: its time and its cancellation. */
    record Budget(Duration timeout, Cancellation cancellation) {
    }

    /** The entries of folder {@code dir}, in no particular order. */
    List<Entry> list(RelativePath dir, Budget budget) throws ConnectorException;

    /** The file or folder at {@code path}, or null when there is none. */
    Entry stat(RelativePath path, Budget budget) throws ConnectorException;

    /** The bytes of file {@code path}; {@code files.too_large} beyond {@code maxBytes}. */
    byte[] read(RelativePath path, long maxBytes, Budget budget) throws ConnectorException;

    /**
     * Writes {@code content} to a temporary name in the target folder, then renames it to {@code path},
     * so that readers never see part of a file.
     */
    Entry write(RelativePath path, byte[] content, boolean overwrite, boolean createDirectories,
            Budget budget)
            throws ConnectorException;

    Entry move(RelativePath from, RelativePath to, boolean overwrite, Budget budget)
            throws ConnectorException;

    /** Deletes a file or an empty folder; false when there was nothing to delete. */
    boolean delete(RelativePath path, Budget budget) throws ConnectorException;

    ConnectionTest test();

    @Override
    void close();
}
