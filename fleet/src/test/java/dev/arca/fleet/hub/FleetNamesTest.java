package dev.arca.fleet.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FleetNamesTest {

    @Test
    void namesAreValidUniqueAndReadable() {
        assertThat(FleetNames.executionNamespace("team", "eu")).isEqualTo("arca-es-team-eu");
        String longNs = FleetNames.executionNamespace("a-very-long-workspace-name-that-goes-on", "and-a-long-member-name-too");
        assertThat(longNs).hasSizeLessThanOrEqualTo(63).startsWith("arca-es-a-very-long").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(FleetNames.executionNamespace("a-very-long-workspace-name-that-goes-on", "and-a-long-member-name-tooo"))
                .isNotEqualTo(longNs);
        assertThat(FleetNames.binding("apps/v1", "Deployment", "web")).startsWith("deployment-web-");
        assertThat(FleetNames.binding("apps/v1", "Deployment", "web"))
                .as("the same kind name in two groups gives two bindings")
                .isNotEqualTo(FleetNames.binding("example.com/v1", "Deployment", "web"));
        assertThat(FleetNames.work("shop", "deployment-web-1234abcd", "eu-a")).isEqualTo("shop.deployment-web-1234abcd.eu-a");
    }
}
