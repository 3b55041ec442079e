package dev.weft.server.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password hashes: argon2id (BouncyCastle's implementation) with OWASP's parameters, stored as a PHC
 * string ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}) so that later parameters can be read back
 * from each hash. Thread-safe.
 */
public final class Passwords {
    /** The shortest password accepted. */
    public static final int MIN_LENGTH = 12;
    static final int MEMORY_KIB = 19_456;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** Hashes at once: each takes 19 MiB, so a flood of sign-ins waits here instead of filling the heap. */
    static final int CONCURRENT = 4;
    private final SecureRandom random = new SecureRandom();
    private final java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(CONCURRENT, true);

    /** Too many sign-ins at once: none was tried; try again shortly. */
    public static final class BusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BusyException() {
            super("too many sign-ins at once; try again in a few seconds");
        }
    }

    /** Why {@code password} cannot be set, or null when it can. */
    public static String problem(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "password: at least " + MIN_LENGTH
                    + " characters (a passphrase of several words is easy to"
                    + " remember and hard to guess)";
        }
        if (password.length() > 1024) {
            return "password: at most 1024 characters";
        }
        return null;
    }

    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM);
        return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether {@code password} is the one {@code stored} was made from; false for a malformed hash. */
    public boolean matches(String password, String stored) {
        Matcher m = stored == null ? null : PHC.matcher(stored);
        if (m == null || !m.matches()) {
            return false;
        }
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = derive(password, B64D.decode(m.group(4)), Integer.parseInt(m.group(1)),
                Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        return MessageDigest.isEqual(expected, actual);
    }

    /** A hash of nothing in particular, compared against when a login names no user: the same time either way. */
    public void waste(String password) {
        derive(password, new byte[SALT_BYTES], MEMORY_KIB, ITERATIONS, PARALLELISM);
    }

    private byte[] derive(String password, byte[] salt, int memory, int iterations, int parallelism) {
        try {
            if (!slots.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new BusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException();
        }
        try {
            return argon2(password, salt, memory, iterations, parallelism);
        } finally {
            slots.release();
        }
    }

    private static byte[] argon2(String password, byte[] salt, int memory, int iterations, int parallelism) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memory)
                .withIterations(iterations)
                .withParallelism(parallelism).withSalt(salt).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] out = new byte[HASH_BYTES];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
