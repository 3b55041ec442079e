package dev.weft.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EgressPolicyTest {

    private static boolean allowsAddress(EgressPolicy policy, String address) {
        Addresses.Classification classification = Addresses.classify(IpLiterals.parseAddress(address));
        return policy.allowsAddress(classification.address(), classification.embedded());
    }

    @Test
    void theDefaultAllowsNoRangeAndNoHost() {
        EgressPolicy policy = EgressPolicy.blockPrivate();
        assertThat(allowsAddress(policy, "10.0.0.1")).isFalse();
        assertThat(allowsAddress(policy, "::1")).isFalse();
        assertThat(policy.allowsHost("localhost")).isFalse();
        assertThat(policy).hasToString("");
        assertThat(EgressPolicy.parse(null, "egress.allow")).isEqualTo(policy);
        assertThat(EgressPolicy.parse("  ", "WEFT_EGRESS_ALLOW")).isEqualTo(policy);
    }

    @Test
    void parsesRangesAddressesHostsAndWildcards() {
        EgressPolicy policy = EgressPolicy.parse(
                " 10.0.0.0/8 , ,192.168.1.20, fd00::/8,[::1], ERP.Corp.Example., *.svc.cluster.local,",
                "egress.allow");
        assertThat(policy).hasToString("10.0.0.0/8,192.168.1.20/32,fd00::/8,::1/128,erp.corp.example,"
                + "*.svc.cluster.local");
        assertThat(allowsAddress(policy, "10.0.0.0")).isTrue();
        assertThat(allowsAddress(policy, "10.255.255.255")).isTrue();
        assertThat(allowsAddress(policy, "11.0.0.0")).isFalse();
        assertThat(allowsAddress(policy, "192.168.1.20")).isTrue();
        assertThat(allowsAddress(policy, "192.168.1.21")).isFalse();
        assertThat(allowsAddress(policy, "fd12::1")).isTrue();
        assertThat(allowsAddress(policy, "fc00::1")).isFalse();
        assertThat(allowsAddress(policy, "::1")).isTrue();
        // an IPv6 address that carries an allowed IPv4 address is allowed with it
        assertThat(allowsAddress(policy, "::ffff:10.1.2.3")).isTrue();
        assertThat(allowsAddress(policy, "2002:a01:203::")).isTrue();
        assertThat(allowsAddress(policy, "64:ff9b::10.1.2.3")).isTrue();
    }

    @Test
    void matchesHostNamesExactlyAndWildcardsOnlyOnSubdomains() {
        EgressPolicy policy = EgressPolicy.of(List.of("erp.corp.example", "*.svc.cluster.local"),
                "egress.allow");
        assertThat(policy.allowsHost("erp.corp.example")).isTrue();
        assertThat(policy.allowsHost("ERP.corp.EXAMPLE.")).isTrue();
        assertThat(policy.allowsHost("x.erp.corp.example")).isFalse();
        assertThat(policy.allowsHost("corp.example")).isFalse();
        assertThat(policy.allowsHost("billing.svc.cluster.local")).isTrue();
        assertThat(policy.allowsHost("a.b.svc.cluster.local")).isTrue();
        assertThat(policy.allowsHost("svc.cluster.local")).isFalse();
        assertThat(policy.allowsHost("evilsvc.cluster.local")).isFalse();
        assertThat(policy.allowsHost("svc.cluster.local.evil.example")).isFalse();
    }

    @Test
    void aBadEntryNamesTheSettingQuotesTheValueAndSaysWhatIsWrong() {
        assertThatThrownBy(() -> EgressPolicy.parse("10.0.0.0/8,10.0.0.0/33", "egress.allow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "egress.allow: '10.0.0.0/33' is not a CIDR range or host name: the prefix length of an"
                                + " IPv4 range is 0 to 32");
        assertThatThrownBy(() -> EgressPolicy.parse("fd00::/129", "WEFT_EGRESS_ALLOW"))
                .hasMessage(
                        "WEFT_EGRESS_ALLOW: 'fd00::/129' is not a CIDR range or host name: the prefix length of"
                                + " an IPv6 range is 0 to 128");
    }

    @ParameterizedTest(name = "''{0}'' fails with ...{1}")
    @CsvSource(delimiter = '|', value = {
            "10.0.0.1/8 | 10.0.0.1 has bits set past the /8 prefix; write the range as 10.0.0.0/8",
            "10.0.0.0/x | the prefix length of an IPv4 range is 0 to 32",
            "10.0.0.0/ | the prefix length of an IPv4 range is 0 to 32",
            "0177.0.0.0/8 | '0177.0.0.0' is not an IPv4 address in dotted decimal or an IPv6 address",
            "0177.0.0.1 | it is a non-standard spelling of 127.0.0.1; write that instead",
            "2130706433 | it is a non-standard spelling of 127.0.0.1; write that instead",
            "1.2.3.256 | it ends in a number but is no IPv4 address",
            "http://erp.corp.example | write the host name alone, without a scheme, user or path",
            "erp.corp.example:8080 | it is not an IPv6 address (write host names without a port)",
            "a.*.example | a wildcard may only stand for the first label: *.example.com",
            "* | a wildcard may only stand for the first label: *.example.com",
            "bad_host.example | 'bad_host' is not a DNS label",
            "-bad.example | '-bad' is not a DNS label",
            "a..example | '' is not a DNS label",
            "bücher.example | 'bücher' is not a DNS label (letters, digits and inner hyphens, at most 63;"
                    + " internationalized names in their xn-- form)"})
    void rejectsWhatIsNeitherARangeNorAHostName(String entry, String reason) {
        assertThatThrownBy(() -> EgressPolicy.of(List.of(entry), "egress.allow"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("egress.allow: '" + entry + "' is not a CIDR range or host name: ")
                .hasMessageContaining(reason);
    }

    @Test
    void anEmptyListEntryIsAnErrorButEmptyCommaSeparatedEntriesAreSkipped() {
        assertThatThrownBy(() -> EgressPolicy.of(List.of("10.0.0.0/8", " "), "egress.allow"))
                .hasMessage("egress.allow: '' is not a CIDR range or host name: the entry is empty");
        assertThat(EgressPolicy.parse(",10.0.0.0/8,,", "egress.allow")).hasToString("10.0.0.0/8");
    }

    @Test
    void theSourceMustNameTheSetting() {
        assertThatThrownBy(() -> EgressPolicy.parse("10.0.0.0/8", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source must name the setting the allowlist came from (egress.allow or"
                        + " WEFT_EGRESS_ALLOW)");
    }

    @Test
    void mergingAllowsWhatEitherAllowsOnce() {
        EgressPolicy configuration = EgressPolicy.of(List.of("10.0.0.0/8", "erp.corp.example"),
                "egress.allow");
        EgressPolicy environment = EgressPolicy.parse("10.0.0.0/8,*.svc.cluster.local,::1",
                "WEFT_EGRESS_ALLOW");
        EgressPolicy merged = configuration.merge(environment);
        assertThat(merged).hasToString("10.0.0.0/8,erp.corp.example,*.svc.cluster.local,::1/128");
        assertThat(allowsAddress(merged, "10.9.9.9")).isTrue();
        assertThat(allowsAddress(merged, "::1")).isTrue();
        assertThat(merged.allowsHost("erp.corp.example")).isTrue();
        assertThat(merged.allowsHost("a.svc.cluster.local")).isTrue();
        assertThat(allowsAddress(configuration, "::1")).as("the parts are unchanged").isFalse();
        assertThat(configuration.merge(EgressPolicy.blockPrivate())).isEqualTo(configuration);
    }
}
