package dev.arca.fleet.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FleetNamesTest {

    @Test
    void namesAreValidUniqueAndReadable() {
        assertThat(FleetNames.executionNamespace("team", "eu")).startsWith("arca-es-team-eu-").hasSize(26);
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

    @Test
    void twoWorkspacesNeverShareAnExecutionNamespace() {
        // workspace a-b's member c and workspace a's member b-c: one namespace would give each one's agent the other's Works
        assertThat(FleetNames.executionNamespace("a-b", "c")).isNotEqualTo(FleetNames.executionNamespace("a", "b-c"));
    }

    @Test
    void aMemberNameWithDotsGivesAValidNamespace() {
        String ns = FleetNames.executionNamespace("team", "eu.west.1");
        assertThat(ns).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(ns).isNotEqualTo(FleetNames.executionNamespace("team", "eu-west-1"));
    }
}
