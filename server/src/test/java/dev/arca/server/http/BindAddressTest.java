package dev.arca.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import org.junit.jupiter.api.Test;

class BindAddressTest {

    @Test
    void aBarePortListensOnEveryInterface() {
        BindAddress address = BindAddress.parse(":8085");
        assertThat(address).isEqualTo(new BindAddress("", 8085));
        assertThat(address.socketAddress().getAddress().isAnyLocalAddress()).isTrue();
        assertThat(address.socketAddress().getPort()).isEqualTo(8085);
    }

    @Test
    void hostsAndIpv6InBracketsAreKept() {
        assertThat(BindAddress.parse("127.0.0.1:0")).isEqualTo(new BindAddress("127.0.0.1", 0));
        assertThat(BindAddress.parse("[::1]:9090")).isEqualTo(new BindAddress("::1", 9090));
        assertThat(BindAddress.parse("[::1]:9090").toString()).isEqualTo("[::1]:9090");
        assertThat(BindAddress.parse(" localhost:8085 ").socketAddress().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void malformedAddressesAreRejectedWithTheFormToUse() {
        assertThatThrownBy(() -> BindAddress.parse("8085")).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("\"8085\"").hasMessageContaining("no port").hasMessageContaining("\":8085\"");
        assertThatThrownBy(() -> BindAddress.parse("::1:8085")).hasMessageContaining("brackets");
        assertThatThrownBy(() -> BindAddress.parse("host:http")).hasMessageContaining("\"http\" is not a number");
        assertThatThrownBy(() -> BindAddress.parse(":70000")).hasMessageContaining("70000 is out of range");
        assertThatThrownBy(() -> BindAddress.parse(null)).hasMessageContaining("\"null\"").hasMessageContaining("no port");
    }
}
