package dev.weft.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {

    private static AddressClass classOf(String address) {
        byte[] bytes = IpLiterals.parseAddress(address);
        assertThat(bytes).as(address).isNotNull();
        return Addresses.classify(bytes).addressClass();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            // first and last address of each range, and the addresses just outside it
            "0.0.0.0, UNSPECIFIED", "0.255.255.255, UNSPECIFIED", "1.0.0.0, PUBLIC",
            "9.255.255.255, PUBLIC", "10.0.0.0, PRIVATE", "10.255.255.255, PRIVATE", "11.0.0.0, PUBLIC",
            "100.63.255.255, PUBLIC", "100.64.0.0, CGNAT", "100.127.255.255, CGNAT", "100.128.0.0, PUBLIC",
            "126.255.255.255, PUBLIC", "127.0.0.0, LOOPBACK", "127.0.0.1, LOOPBACK",
            "127.255.255.255, LOOPBACK",
            "128.0.0.0, PUBLIC",
            "169.253.255.255, PUBLIC", "169.254.0.0, LINK_LOCAL", "169.254.169.254, LINK_LOCAL",
            "169.254.255.255, LINK_LOCAL", "169.255.0.0, PUBLIC",
            "172.15.255.255, PUBLIC", "172.16.0.0, PRIVATE", "172.31.255.255, PRIVATE", "172.32.0.0, PUBLIC",
            "191.255.255.255, PUBLIC", "192.0.0.0, RESERVED", "192.0.0.255, RESERVED", "192.0.1.0, PUBLIC",
            "192.0.2.0, DOCUMENTATION", "192.0.2.255, DOCUMENTATION", "192.0.3.0, PUBLIC",
            "192.167.255.255, PUBLIC", "192.168.0.0, PRIVATE", "192.168.255.255, PRIVATE",
            "192.169.0.0, PUBLIC",
            "198.17.255.255, PUBLIC", "198.18.0.0, BENCHMARKING", "198.19.255.255, BENCHMARKING",
            "198.20.0.0, PUBLIC",
            "198.51.99.255, PUBLIC", "198.51.100.0, DOCUMENTATION", "198.51.100.255, DOCUMENTATION",
            "198.51.101.0, PUBLIC",
            "203.0.112.255, PUBLIC", "203.0.113.0, DOCUMENTATION", "203.0.113.255, DOCUMENTATION",
            "203.0.114.0, PUBLIC",
            "223.255.255.255, PUBLIC", "224.0.0.0, MULTICAST", "239.255.255.255, MULTICAST",
            "240.0.0.0, RESERVED", "255.255.255.254, RESERVED", "255.255.255.255, BROADCAST",
            "8.8.8.8, PUBLIC", "93.184.215.14, PUBLIC"})
    void classifiesEveryIPv4RangeUpToItsBoundaries(String address, AddressClass expected) {
        assertThat(classOf(address)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "::, UNSPECIFIED", "::1, LOOPBACK",
            "::2, IPV4_COMPATIBLE", "::127.0.0.1, IPV4_COMPATIBLE", "::ffff:ffff, IPV4_COMPATIBLE",
            "::1:0:0, RESERVED",
            "::ffff:0.0.0.0, IPV4_MAPPED", "::ffff:127.0.0.1, IPV4_MAPPED", "::ffff:8.8.8.8, IPV4_MAPPED",
            "::ffff:255.255.255.255, IPV4_MAPPED", "::fffe:ffff:ffff, RESERVED", "::1:0:0:0, RESERVED",
            // NAT64 carries the IPv4 address in its last 32 bits
            "64:ff9a:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED", "64:ff9b::, UNSPECIFIED",
            "64:ff9b::127.0.0.1, LOOPBACK", "64:ff9b::a00:1, PRIVATE", "64:ff9b::808:808, PUBLIC",
            "64:ff9b::ffff:ffff, BROADCAST", "64:ff9b::1:0:0, RESERVED", "64:ff9b:1::, RESERVED",
            "64:ff9b:1:ffff:ffff:ffff:ffff:ffff, RESERVED",
            // Teredo stores the client's IPv4 address inverted in its last 32 bits
            "2001:0:4136:e378:8000:63bf:80ff:fffe, LOOPBACK", "2001::f7f7:f7f7, PUBLIC",
            "2001:0:ffff:ffff:ffff:ffff:f5ff:fffe, PRIVATE",
            "2001:1:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC", "2001:2::, BENCHMARKING",
            "2001:2:0:ffff:ffff:ffff:ffff:ffff, BENCHMARKING", "2001:2:1::, PUBLIC",
            "2001:f:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC", "2001:10::, RESERVED",
            "2001:2f:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED", "2001:30::, PUBLIC",
            "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC", "2001:db8::, DOCUMENTATION",
            "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, DOCUMENTATION", "2001:db9::, PUBLIC",
            // 6to4 carries the IPv4 address in bits 16 to 47
            "2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC", "2002:7f00:1::, LOOPBACK",
            "2002:a9fe:a9fe::, LINK_LOCAL", "2002:c0a8:101::, PRIVATE", "2002:808:808::, PUBLIC",
            "2002::, UNSPECIFIED", "2003::, PUBLIC",
            "1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED", "2000::, PUBLIC", "2606:4700::1111, PUBLIC",
            "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PUBLIC", "3fff::, DOCUMENTATION",
            "3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff, DOCUMENTATION", "3fff:1000::, PUBLIC",
            "4000::, RESERVED",
            "fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED", "fc00::, UNIQUE_LOCAL",
            "fd00:ec2::254, UNIQUE_LOCAL",
            "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, UNIQUE_LOCAL", "fe00::, RESERVED",
            "fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED", "fe80::, LINK_LOCAL", "fe80::1, LINK_LOCAL",
            "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff, LINK_LOCAL", "fec0::, SITE_LOCAL",
            "feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, SITE_LOCAL", "ff00::, MULTICAST", "ff02::1, MULTICAST",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, MULTICAST"})
    void classifiesEveryIPv6RangeUpToItsBoundaries(String address, AddressClass expected) {
        assertThat(classOf(address)).isEqualTo(expected);
    }

    @Test
    void classifiesJavaAddressesByTheirBytes() throws Exception {
        assertThat(Addresses.classify(InetAddress.getByName("127.0.0.1"))).isEqualTo(AddressClass.LOOPBACK);
        assertThat(Addresses.classify(InetAddress.getByName("::1"))).isEqualTo(AddressClass.LOOPBACK);
        assertThat(Addresses.classify(InetAddress.getByName("8.8.4.4"))).isEqualTo(AddressClass.PUBLIC);
        // Java turns ::ffff:a.b.c.d text into IPv4, but a resolver may still hand over the IPv6 form
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, 10, 0, 0, 1};
        assertThat(Addresses.classify(Inet6Address.getByAddress(null, mapped, -1)))
                .isEqualTo(AddressClass.IPV4_MAPPED);
    }

    @Test
    void describesEmbeddedAddressesAndTheMetadataAddress() {
        assertThat(Addresses.classify(IpLiterals.parseAddress("2002:7f00:1::")).describe())
                .isEqualTo("a loopback address, 6to4 for 127.0.0.1");
        assertThat(Addresses.classify(IpLiterals.parseAddress("::ffff:10.0.0.1")).describe())
                .isEqualTo("an IPv4-mapped IPv6 address for 10.0.0.1");
        assertThat(Addresses.classify(IpLiterals.parseAddress("169.254.169.254")).describe())
                .isEqualTo(
                        "a link-local address; 169.254.0.0/16 includes the cloud metadata address 169.254.169.254");
        assertThat(Addresses.classify(IpLiterals.parseAddress("169.254.1.1")).describe())
                .isEqualTo("a link-local address");
    }

    @Test
    void writesIPv6TheWayRfc5952Does() {
        assertThat(IpLiterals.format(IpLiterals.parseAddress("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
        assertThat(IpLiterals.format(IpLiterals.parseAddress("::"))).isEqualTo("::");
        assertThat(IpLiterals.format(IpLiterals.parseAddress("2001:DB8:0:0:1:0:0:1")))
                .isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpLiterals.format(IpLiterals.parseAddress("2001:db8:0:1:1:1:1:1")))
                .isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(IpLiterals.format(IpLiterals.parseAddress("fe80::"))).isEqualTo("fe80::");
        assertThat(IpLiterals.format(IpLiterals.parseAddress("[::ffff:7f00:1]")))
                .isEqualTo("::ffff:127.0.0.1");
    }
}
