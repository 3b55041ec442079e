package dev.weft.connector.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auto.service.AutoService;
import dev.weft.connector.Call;
import dev.weft.connector.ConnectionTest;
import dev.weft.connector.Connector;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.ConnectorSpec;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import dev.weft.connector.SystemClient;
import dev.weft.connector.SystemContext;

/**
 * The {@code files} connector: list, read, write, move and delete files in a local folder or on an SFTP
 * server (Apache MINA SSHD), and the {@code files.new} polling trigger. An SFTP server's host is checked
 * against the platform's egress rules when the client opens. Thread-safe; creating it opens nothing.
 */
@AutoService(Connector.class)
public final class FilesConnector implements Connector {

    @Override
    public ConnectorSpec spec() {
        return Schemas.SPEC;
    }

    @Override
    public SystemClient open(SystemContext context) throws ConnectorException {
        FilesConfig config = FilesConfig.parse(context.config());
        if (config.kind() != FilesConfig.Kind.LOCAL) {
            context.egress().checkHost("sftp", config.host());
        }
        Store store = config.kind() == FilesConfig.Kind.LOCAL
                ? new LocalStore(config)
                : new SftpStore(config, context.credential());
        return new Client(store, new Operations(store), new NewFiles(store, context.clock()));
    }

    /** One system's client: its store, the operations and the trigger on it. Thread-safe. */
    private record Client(Store store, Operations operations, NewFiles newFiles) implements SystemClient {
        @Override
        public JsonNode invoke(Call call) throws ConnectorException {
            return operations.invoke(call);
        }

        @Override
        public ConnectionTest test() {
            return store.test();
        }

        @Override
        public PollResult poll(PollRequest request) throws ConnectorException {
            if (!request.trigger().equals(NewFiles.NAME)) {
                return SystemClient.super.poll(request);
            }
            return newFiles.poll(request);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
