package dev.weft.engine.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Users and their sessions. Implementations are thread-safe and durable. */
public interface UserStore {

    /** Stores a new user; false (nothing changed) when the tenant has one with this id or login already. */
    boolean createUser(UserRecord user);

    Optional<UserRecord> user(String tenantId, String id);

    Optional<UserRecord> userByLogin(String tenantId, String login);

    /** The single sign-on user of a provider's subject, in any tenant. */
    Optional<UserRecord> userBySubject(String subject);

    /** The tenant's users, by login. */
    List<UserRecord> users(String tenantId);

    /** Replaces the user's role, namespaces and password hash; false when there is none. */
    boolean updateUser(UserRecord user);

    /** Records a sign-in's outcome: failed sign-ins, lock and last sign-in. */
    void recordLogins(String tenantId, String id, int failed, Instant lockedUntil, Instant lastLoginAt);

    /** Counts one more failed sign-in, atomically; the count after it (0 when there is no such user). */
    int countFailedLogin(String tenantId, String id);

    /** Deletes a user and its sessions; false when there is none. */
    boolean deleteUser(String tenantId, String id);

    void createSession(SessionRecord session);

    /** Ends every session of a user (a new password); how many there were. */
    int deleteSessions(String tenantId, String userId);

    /** The session with this id (the token's digest), whatever its tenant. */
    Optional<SessionRecord> session(String id);

    boolean deleteSession(String id);

    /** Deletes the sessions that ended before {@code now}; how many. */
    int deleteExpiredSessions(Instant now);
}
