package dev.weft.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EgressGuardTest {
    private final EgressGuard guard = EgressGuard.of(EgressPolicy.blockPrivate());

    private static EgressRefusedException refusal(EgressGuard guard, String uri) {
        EgressRefusedException e = catchThrowableOfType(EgressRefusedException.class,
                () -> guard.checkUri(URI.create(uri)));
        assertThat(e).as(uri + " is refused").isNotNull();
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/x?q=1", "http://example.com", "HTTPS://Example.COM:8443/",
            "http://93.184.215.14/", "http://[2606:4700::1111]:8080/", "http://123.example.com/",
            "http://0x7f.example/", "http://1.2.3.example/"})
    void letsPublicAddressesAndHostNamesThrough(String uri) {
        assertThatCode(() -> guard.checkUri(URI.create(uri))).doesNotThrowAnyException();
    }

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
            "http://127.0.0.1/, LOOPBACK", "http://127.255.255.254:9/, LOOPBACK", "http://[::1]/, LOOPBACK",
            "http://10.0.0.1/, PRIVATE", "http://172.16.0.1/, PRIVATE", "http://192.168.1.1/, PRIVATE",
            "http://169.254.169.254/latest/meta-data/, LINK_LOCAL", "http://[fe80::1]/, LINK_LOCAL",
            "http://[fe80::1%25eth0]/, LINK_LOCAL", "http://100.64.0.1/, CGNAT",
            "http://[fd00::1]/, UNIQUE_LOCAL",
            "http://[fec0::1]/, SITE_LOCAL", "http://[::ffff:127.0.0.1]/, IPV4_MAPPED",
            "http://[::ffff:7f00:1]/, IPV4_MAPPED", "http://[::ffff:8.8.8.8]/, IPV4_MAPPED",
            "http://[::127.0.0.1]/, IPV4_COMPATIBLE", "http://0.0.0.0/, UNSPECIFIED",
            "http://[::]/, UNSPECIFIED",
            "http://224.0.0.1/, MULTICAST", "http://[ff02::1]/, MULTICAST",
            "http://255.255.255.255/, BROADCAST",
            "http://240.0.0.1/, RESERVED", "http://192.0.0.8/, RESERVED", "http://198.18.0.1/, BENCHMARKING",
            "http://192.0.2.1/, DOCUMENTATION", "http://[2001:db8::1]/, DOCUMENTATION",
            "http://[2002:7f00:1::]/, LOOPBACK", "http://[64:ff9b::a9fe:a9fe]/, LINK_LOCAL"})
    void refusesEveryNonPublicAddressClass(String uri, AddressClass expected) throws Exception {
        EgressRefusedException e = refusal(guard, uri);
        assertThat(e.addressClass()).isEqualTo(expected);
        assertThat(e.address()).isNotNull();
        assertThat(e.getMessage()).contains(expected.description())
                .contains("to egress.allow in the configuration or to WEFT_EGRESS_ALLOW");
    }

    @Test
    void aRefusalSaysWhatWhyAndHowToAllowIt() {
        assertThat(refusal(guard, "http://127.0.0.1:8080/x").getMessage()).isEqualTo(
                "refused to connect to 127.0.0.1 (a loopback address) for http://127.0.0.1:8080/x: Weft does not"
                        + " call private, loopback or link-local addresses unless they are allowed; add the address,"
                        + " a range (127.0.0.0/8) or the host name to egress.allow in the configuration or to"
                        + " WEFT_EGRESS_ALLOW");
        assertThat(refusal(guard, "http://169.254.169.254/latest/meta-data/").getMessage())
                .contains(
                        "(a link-local address; 169.254.0.0/16 includes the cloud metadata address 169.254.169.254)")
                .contains("a range (169.254.0.0/16)");
        assertThat(refusal(guard, "http://[::ffff:8.8.8.8]/").getMessage()).contains(
                "refused to connect to ::ffff:8.8.8.8 (an IPv4-mapped IPv6 address for 8.8.8.8) for"
                        + " http://[::ffff:8.8.8.8]/: Weft does not call IPv4 addresses written in IPv6 form; write"
                        + " 8.8.8.8 instead, or add the address");
    }

    @ParameterizedTest(name = "{0} denotes {1}")
    @CsvSource({
            "http://2130706433/, 127.0.0.1", "http://0x7f000001/, 127.0.0.1",
            "http://0X7F000001:8080/, 127.0.0.1",
            "http://0177.0.0.1/, 127.0.0.1", "http://0x7f.0.0.1/, 127.0.0.1", "http://127.1/, 127.0.0.1",
            "http://127.0.1/, 127.0.0.1", "http://017700000001/, 127.0.0.1", "http://0x7f.1/, 127.0.0.1",
            "http://0xa9.0xfe.0xa9.0xfe/, 169.254.169.254", "http://0/, 0.0.0.0", "http://0x/, 0.0.0.0",
            "http://3232235777/, 192.168.1.1", "http://127.000.000.001/, 127.0.0.1",
            // public addresses too: Weft must connect where the user's other tools would
            "http://134744072/, 8.8.8.8", "http://010.8.8.8/, 8.8.8.8", "http://8.8.2056/, 8.8.8.8"})
    void refusesEveryNonStandardSpellingOfAnIPv4Address(String uri, String denoted) throws Exception {
        EgressRefusedException e = refusal(guard, uri);
        assertThat(e.getMessage()).contains("is a non-standard spelling of the IPv4 address " + denoted)
                .endsWith("which tools read in different ways; write it as " + denoted);
        assertThat(e.address()).isEqualTo(InetAddress.getByName(denoted));
        assertThat(e.addressClass()).isNull();
    }

    @Test
    void anAllowedAddressIsStillRefusedWhenSpelledNonStandardly() {
        EgressGuard allowing = EgressGuard.of(EgressPolicy.parse("127.0.0.0/8", "egress.allow"));
        assertThatCode(() -> allowing.checkUri(URI.create("http://127.0.0.1/"))).doesNotThrowAnyException();
        assertThat(refusal(allowing, "http://0177.0.0.1/").getMessage()).contains("write it as 127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://1.2.3.256/", "http://0x100000000/", "http://4294967296/",
            "http://1.2.3.4.5/",
            "http://08.0.0.1/", "http://1.2.65536/", "http://example.0x1g.1/"})
    void refusesHostsThatEndInANumberButDenoteNoAddress(String uri) {
        EgressRefusedException e = refusal(guard, uri);
        assertThat(e.getMessage()).contains("ends in a number but is no IPv4 address");
        assertThat(e.address()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ftp://example.com/file | refused ftp://example.com/file: Weft calls only http and https URLs, not ftp",
            "file:///etc/passwd | refused file:/etc/passwd: Weft calls only http and https URLs, not file",
            "gopher://127.0.0.1:6379/_INFO | refused gopher://127.0.0.1:6379/_INFO: Weft calls only http and https"
                    + " URLs, not gopher",
            "jar:file:/app.jar!/x | refused jar:...: Weft calls only http and https URLs, not jar",
            "ws://example.com/ | refused ws://example.com/: Weft calls only http and https URLs, not ws",
            "example.com/x | refused example.com/x: the URL has no scheme; Weft calls only http and https URLs",
            "//example.com/x | refused //example.com/x: the URL has no scheme; Weft calls only http and https URLs",
            "http:///x | refused http:/x: the URL has no host name that Weft can read",
            "http://my_host/x | refused http://my_host/x: the URL has no host name that Weft can read"})
    void refusesOtherSchemesAndUrlsWithoutAHost(String uri, String message) {
        EgressRefusedException e = refusal(guard, uri);
        assertThat(e.getMessage()).startsWith(message);
        assertThat(e.address()).isNull();
        assertThat(e.addressClass()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://user:s3cret@127.0.0.1:8080/p?token=t0ken#fr4g",
            "ftp://user:s3cret@example.com/p?token=t0ken#fr4g",
            "http://user:s3cret@2130706433/p?token=t0ken#fr4g",
            "http://user:s3cret@bad_host/p?token=t0ken#fr4g", "mailto:user:s3cret@example.com?token=t0ken"})
    void neverPutsUserInfoQueryOrFragmentInAMessage(String uri) {
        assertThat(refusal(guard, uri).getMessage()).doesNotContain("user").doesNotContain("s3cret")
                .doesNotContain("t0ken").doesNotContain("fr4g");
    }

    @Test
    void checksAResolvedAddressAgainstRangesAndTheHostName() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        EgressRefusedException e = catchThrowableOfType(EgressRefusedException.class,
                () -> guard.checkAddress("localhost", loopback));
        assertThat(e.getMessage())
                .isEqualTo("refused to connect to 127.0.0.1 (a loopback address), the address of"
                        + " localhost: Weft does not call private, loopback or link-local addresses unless they are allowed;"
                        + " add the host name, the address or a range (127.0.0.0/8) to egress.allow in the configuration"
                        + " or to WEFT_EGRESS_ALLOW");
        assertThat(e.host()).isEqualTo("localhost");
        assertThat(e.address()).isEqualTo(loopback);
        assertThat(e.addressClass()).isEqualTo(AddressClass.LOOPBACK);

        assertThatCode(() -> guard.checkAddress("example.com", InetAddress.getByName("93.184.215.14")))
                .doesNotThrowAnyException();
        assertThatCode(() -> guard.checkAddress(null, InetAddress.getByName("2606:4700::1111")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.checkAddress(null, InetAddress.getByName("10.1.2.3")))
                .isInstanceOf(EgressRefusedException.class).hasMessageStartingWith(
                        "refused to connect to 10.1.2.3 (a private address): Weft does not call");
    }

    @Test
    void allowsByRangeExactHostAndWildcardHost() throws Exception {
        EgressGuard allowing = EgressGuard
                .of(EgressPolicy.of(List.of("10.0.0.0/8", "fd00::/8", "erp.corp.example",
                        "*.svc.cluster.local"), "egress.allow"));
        InetAddress inside = InetAddress.getByName("192.168.7.7");
        assertThatCode(() -> allowing.checkAddress("anything", InetAddress.getByName("10.20.30.40")))
                .doesNotThrowAnyException();
        assertThatCode(() -> allowing.checkAddress(null, InetAddress.getByName("fd00::5")))
                .doesNotThrowAnyException();
        assertThatCode(() -> allowing.checkUri(URI.create("http://10.0.0.1/"))).doesNotThrowAnyException();
        assertThatCode(() -> allowing.checkUri(URI.create("http://[::ffff:10.0.0.1]/")))
                .doesNotThrowAnyException();
        assertThatCode(() -> allowing.checkAddress("ERP.corp.example", inside)).doesNotThrowAnyException();
        assertThatCode(() -> allowing.checkAddress("billing.svc.cluster.local", inside))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> allowing.checkAddress("svc.cluster.local", inside))
                .isInstanceOf(EgressRefusedException.class);
        assertThatThrownBy(() -> allowing.checkAddress("erp.corp.example.evil.example", inside))
                .isInstanceOf(EgressRefusedException.class);
        assertThatThrownBy(() -> allowing.checkUri(URI.create("http://192.168.7.7/")))
                .isInstanceOf(EgressRefusedException.class);
        // an address as the "host" is no host name, whatever names are allowed
        assertThatThrownBy(() -> allowing.checkAddress("192.168.7.7", inside))
                .isInstanceOf(EgressRefusedException.class);
    }
}
