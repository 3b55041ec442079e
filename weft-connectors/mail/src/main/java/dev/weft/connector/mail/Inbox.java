package dev.weft.connector.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.connector.ConnectorException;
import dev.weft.connector.Event;
import dev.weft.connector.Inputs;
import dev.weft.connector.PollRequest;
import dev.weft.connector.PollResult;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The {@code mail.inbox} polling trigger: messages of an IMAP folder whose UID is above the cursor's
 * {@code lastUid}, oldest first. The cursor is {@code {uidValidity, lastUid}}: when the folder's UIDVALIDITY
 * changes, its UIDs mean other messages, so polling starts again from the first message. Stateless.
 */
final class Inbox {
    static final String NAME = "mail.inbox";
    private static final Inputs IN = Inputs.ofTrigger(NAME);
    private static final Set<String> FIELDS = Set.of("folder", "unseenOnly", "markSeen");
    /** IMAP reads are bounded by this; a poll has no call timeout of its own. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private Inbox() {
    }

    static PollResult poll(PollRequest request, MailConfig config, Logger log) throws ConnectorException {
        if (config.imap() == null) {
            throw MailConfig.config(NAME + " needs config.imap: give the system's IMAP server");
        }
        JsonNode settings = request.config();
        IN.requireObject(settings, FIELDS);
        String folderName = IN.text(settings, "folder", "INBOX");
        boolean unseenOnly = IN.bool(settings, "unseenOnly", false);
        boolean markSeen = IN.bool(settings, "markSeen", false);
        Session session = Session.getInstance(config.properties(config.imap(), READ_TIMEOUT));
        try (Store store = session.getStore(MailConfig.protocol(config.imap()))) {
            store.connect(config.imap().host(), config.imap().port(), config.username(), config.password());
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                throw IN.invalid("folder", "names no folder on the " + config.imap().where() + ": '"
                        + folderName + "'");
            }
            folder.open(markSeen ? Folder.READ_WRITE : Folder.READ_ONLY);
            try {
                return read((UIDFolder) folder, folder, request, unseenOnly, markSeen, log);
            } finally {
                folder.close(false);
            }
        } catch (MessagingException | IOException e) {
            throw Failures.of(e, "polling folder '" + folderName + "'", config.imap().where(), config);
        }
    }

    private static PollResult read(UIDFolder uids, Folder folder, PollRequest request, boolean unseenOnly,
            boolean markSeen, Logger log) throws MessagingException, IOException {
        long uidValidity = uids.getUIDValidity();
        long lastUid = 0;
        JsonNode cursor = request.cursor();
        if (cursor != null && cursor.path("uidValidity").canConvertToLong()) {
            if (cursor.path("uidValidity").asLong() == uidValidity) {
                lastUid = cursor.path("lastUid").asLong(0);
            } else {
                log.warn("{}: folder '{}' has a new UIDVALIDITY ({}, was {}): its UIDs were reassigned, so"
                        + " polling starts again from its first message", NAME, folder.getFullName(),
                        uidValidity, cursor.path("uidValidity").asLong());
            }
        }
        // "n:*" always names the newest message, even when its UID is below n: filter below.
        Message[] candidates = uids.getMessagesByUID(lastUid + 1, UIDFolder.MAXUID);
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(FetchProfile.Item.ENVELOPE);
        folder.fetch(candidates, profile);
        List<Message> sorted = new ArrayList<>(Arrays.asList(candidates));
        sorted.sort(Comparator.comparingLong(m -> uid(uids, m)));
        List<Event> events = new ArrayList<>();
        long next = lastUid;
        boolean more = false;
        for (Message m : sorted) {
            long uid = uid(uids, m);
            if (uid <= lastUid) {
                continue;
            }
            if (unseenOnly && m.isSet(Flags.Flag.SEEN)) {
                if (events.size() < request.max()) {
                    next = uid;
                }
                continue;
            }
            if (events.size() == request.max()) {
                more = true;
                break;
            }
            events.add(new Event(uidValidity + ":" + uid, MessageReader.read(m, uid)));
            if (markSeen) {
                m.setFlag(Flags.Flag.SEEN, true);
            }
            next = uid;
        }
        ObjectNode nextCursor = JsonNodeFactory.instance.objectNode();
        nextCursor.put("uidValidity", uidValidity);
        nextCursor.put("lastUid", next);
        return new PollResult(events, nextCursor, more);
    }

    private static long uid(UIDFolder folder, Message m) {
        try {
            return folder.getUID(m);
        } catch (MessagingException e) {
            throw new IllegalStateException("the folder lost message " + m.getMessageNumber(), e);
        }
    }
}
