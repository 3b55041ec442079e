package dev.weft.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Small builders the verifier tests share. */
final class Fixtures {
    private Fixtures() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<byte[]> secrets(String... secrets) {
        return java.util.Arrays.stream(secrets).map(Fixtures::utf8).toList();
    }

    /** A clock that stands still at {@code epochSecond}: tests place "now" exactly, they never wait. */
    static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    /** The delivery a sender would make of {@code signature} and {@code body}. */
    static Delivery delivered(Signature signature, byte[] body) {
        Delivery.Builder b = Delivery.builder(body);
        signature.headers().forEach(b::header);
        signature.query().forEach(b::query);
        return b.build();
    }
}
