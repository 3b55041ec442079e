package dev.weft.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A key store in memory from a PEM certificate chain and a PEM private key (PKCS#8, RSA, EC or Ed25519), as
 * certificate authorities and {@code openssl} hand them out; what is wrong with either file is said, never
 * the key.
 */
final class PemKeyStore {
    static final char[] PASSWORD = "weft".toCharArray();
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemKeyStore() {
    }

    static KeyStore load(Path certificateFile, Path keyFile) {
        Collection<? extends Certificate> chain;
        try (InputStream in = Files.newInputStream(certificateFile)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "server.tls.certificate: " + certificateFile + " cannot be read as"
                            + " PEM certificates: " + e.getMessage(),
                    e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(
                    "server.tls.certificate: " + certificateFile + " holds no certificate");
        }
        String pem;
        try {
            pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("server.tls.privateKey: " + keyFile + " cannot be read: " + e,
                    e);
        }
        Matcher m = PKCS8.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("server.tls.privateKey: " + keyFile
                    + " holds no unencrypted PKCS#8"
                    + " key (-----BEGIN PRIVATE KEY-----); convert one with: openssl pkcs8 -topk8 -nocrypt -in"
                    + " key.pem -out key-pkcs8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        PrivateKey key = null;
        for (String algorithm : new String[]{"RSA", "EC", "Ed25519", "RSASSA-PSS"}) {
            try {
                key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                break;
            } catch (GeneralSecurityException e) {
                // Another algorithm's key: try the next.
            }
        }
        if (key == null) {
            throw new IllegalArgumentException(
                    "server.tls.privateKey: " + keyFile + " is not an RSA, EC or Ed25519"
                            + " key");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("weft", key, PASSWORD, chain.toArray(Certificate[]::new));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("server.tls: the key in " + keyFile + " does not go with the"
                    + " certificate in " + certificateFile + ": " + e.getMessage(), e);
        }
    }
}
