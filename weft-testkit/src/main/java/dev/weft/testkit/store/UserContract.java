package dev.weft.testkit.store;

import static dev.weft.testkit.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.engine.store.SessionRecord;
import dev.weft.engine.store.UserRecord;
import dev.weft.engine.store.UserStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Users by id, login and subject within their tenant; sessions by their digest; sign-in records. */
interface UserContract extends StorageUnderTest {

    private UserStore users() {
        return storage().users();
    }

    static UserRecord user(String tenant, String id, String login) {
        return new UserRecord(tenant, id, login, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", null,
                "viewer",
                List.of(), 0, null, T0, null);
    }

    @Test
    default void aUserIsFoundByIdLoginAndSubjectWithinItsTenant() {
        UserRecord ann = user("acme", "u1", "ann@acme.example");
        UserRecord sso = new UserRecord("acme", "u2", "bob@acme.example", null, "https://idp|bob", "editor",
                List.of("finance"), 0, null, T0, null, java.util.Map.of("finance", "operator"));
        assertThat(users().createUser(ann)).isTrue();
        assertThat(users().createUser(sso)).isTrue();
        assertThat(users().createUser(user("acme", "u3", "ann@acme.example"))).as("login taken").isFalse();
        assertThat(users().createUser(user("globex", "u1", "ann@acme.example"))).as("another tenant")
                .isTrue();

        assertThat(users().user("acme", "u1")).contains(ann);
        assertThat(users().userByLogin("acme", "ann@acme.example")).contains(ann);
        assertThat(users().userBySubject("https://idp|bob")).contains(sso);
        assertThat(users().users("acme")).containsExactly(ann, sso);
        assertThat(users().user("globex", "u2")).isEmpty();

        UserRecord promoted = new UserRecord("acme", "u2", "bob@acme.example", null, "https://idp|bob",
                "viewer",
                List.of(), 0, null, T0, null, java.util.Map.of("finance", "editor", "ops", "operator"));
        assertThat(users().updateUser(promoted)).isTrue();
        assertThat(users().user("acme", "u2")).contains(promoted);
    }

    @Test
    default void signInsAreRecordedAndAUsersDeletionEndsItsSessions() {
        users().createUser(user("acme", "u1", "ann"));
        users().recordLogins("acme", "u1", 3, T0.plusSeconds(900), null);
        assertThat(users().user("acme", "u1").orElseThrow().failedLogins()).isEqualTo(3);
        users().recordLogins("acme", "u1", 0, null, T0.plusSeconds(5));
        UserRecord after = users().user("acme", "u1").orElseThrow();
        assertThat(after.lockedUntil()).isNull();
        assertThat(after.lastLoginAt()).isEqualTo(T0.plusSeconds(5));

        SessionRecord s = new SessionRecord("digest-1", "acme", "u1", "csrf-digest", T0,
                T0.plusSeconds(3600));
        users().createSession(s);
        assertThat(users().session("digest-1")).contains(s);
        assertThat(users().deleteExpiredSessions(T0.plusSeconds(10))).isZero();

        assertThat(users().deleteUser("acme", "u1")).isTrue();
        assertThat(users().session("digest-1")).isEmpty();
        assertThat(users().deleteUser("acme", "u1")).isFalse();

        users().createSession(new SessionRecord("digest-3", "acme", "u8", "c", T0, T0.plusSeconds(99)));
        users().createSession(new SessionRecord("digest-4", "acme", "u8", "c", T0, T0.plusSeconds(99)));
        assertThat(users().deleteSessions("acme", "u8")).isEqualTo(2);
        assertThat(users().session("digest-3")).isEmpty();
        users().createSession(new SessionRecord("digest-2", "acme", "u9", "c", T0, T0.plusSeconds(1)));
        assertThat(users().deleteExpiredSessions(T0.plusSeconds(2))).isOne();
        assertThat(users().deleteSession("digest-2")).isFalse();
    }
}
