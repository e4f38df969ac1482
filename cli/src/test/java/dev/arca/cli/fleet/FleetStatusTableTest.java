package dev.arca.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.fleet.resources.BindingSpec;
import dev.arca.fleet.resources.BindingStatus;
import dev.arca.fleet.resources.ObjectRef;
import dev.arca.fleet.resources.ResourceBinding;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class FleetStatusTableTest {
    static final Instant NOW = Instant.parse("2026-12-06T05:00:00Z");

    /** A binding of Deployment shop/web on two members and one cell, one member stale with an error, a target unreported. */
    static ResourceBinding binding(String namespace) {
        ResourceBinding b = new ResourceBinding();
        b.setMetadata(new ObjectMetaBuilder().withName("web-deployment").withNamespace(namespace).build());
        b.setSpec(new BindingSpec());
        b.getSpec().resource = new ObjectRef("apps/v1", "Deployment", namespace, "web");
        b.getSpec().policy = new ObjectRef(null, "PropagationPolicy", namespace, "web");
        BindingStatus s = new BindingStatus();
        s.members.add(member("fleet/east", "east-a", true, "Healthy", 3L, 3L, "2026-12-06T04:59:30Z", false, "3/3 available", null));
        s.members.add(member("fleet/west", null, true, "Unhealthy", 3L, 2L, "2026-12-06T04:50:00Z", true, null,
                "connection refused"));
        s.targets.add(target("fleet/east", "east-a"));
        s.targets.add(target("fleet/west", null));
        s.targets.add(target("fleet/north", null));
        s.aggregate = new BindingStatus.Aggregate();
        s.aggregate.targets = 3;
        s.aggregate.applied = 2;
        s.aggregate.healthy = 1;
        s.aggregate.unhealthy = 1;
        s.aggregate.stale = 1;
        s.rollout = new BindingStatus.RolloutStatus();
        s.rollout.state = "Halted";
        s.rollout.step = 1;
        s.rollout.stepStarted = "2026-12-06T04:40:00Z";
        s.rollout.message = "health regressed on fleet/west";
        b.setStatus(s);
        return b;
    }

    private static BindingStatus.MemberStatus member(String cluster, String cell, boolean applied, String health, Long generation,
            Long observed, String lastSeen, boolean stale, String message, String error) {
        BindingStatus.MemberStatus m = new BindingStatus.MemberStatus();
        m.cluster = cluster;
        m.cell = cell;
        m.applied = applied;
        m.health = health;
        m.generation = generation;
        m.observedGeneration = observed;
        m.lastSeen = lastSeen;
        m.stale = stale;
        m.message = message;
        m.lastError = error;
        return m;
    }

    private static BindingStatus.Target target(String cluster, String cell) {
        BindingStatus.Target t = new BindingStatus.Target();
        t.cluster = cluster;
        t.cell = cell;
        return t;
    }

    static final String EXPECTED = """
            Deployment/shop/web (binding shop/web-deployment, policy PropagationPolicy/shop/web)
            CLUSTER       CELL     APPLIED   HEALTH      GENERATION   LAST-SEEN   STALE   MESSAGE/ERROR
            fleet/east    east-a   yes       Healthy     3/3          30s ago     no      3/3 available
            fleet/west    -        yes       Unhealthy   2/3          10m ago     yes     error: connection refused
            fleet/north   -        no        Unknown     -            -           -       no status reported yet
            Aggregate: 3 targets, 2 applied, 1 healthy, 1 unhealthy, 1 stale
            Rollout: Halted at step 1 (since 2026-12-06T04:40:00Z): health regressed on fleet/west
            """;

    @Test
    void printsARowPerMemberAnUnreportedTargetTheAggregateAndTheRollout() {
        StringWriter text = new StringWriter();
        new FleetStatusTable(Clock.fixed(NOW, ZoneOffset.UTC)).print(new PrintWriter(text, true), binding("shop"));

        assertThat(text.toString()).isEqualTo(EXPECTED);
    }

    @Test
    void aBindingWithoutStatusSaysSoRatherThanPrintingNulls() {
        ResourceBinding b = binding("shop");
        b.setStatus(null);
        StringWriter text = new StringWriter();
        new FleetStatusTable(Clock.fixed(NOW, ZoneOffset.UTC)).print(new PrintWriter(text, true), b);

        assertThat(text.toString()).contains("No member targets yet.", "Aggregate: not computed yet", "Rollout: none")
                .doesNotContain("null");
    }

    @Test
    void agesReadAsKubectlsAndAMissingTimeIsNever() {
        FleetStatusTable table = new FleetStatusTable(Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(table.age("2026-12-06T04:58:30Z")).isEqualTo("90s ago");
        assertThat(table.age("2026-12-06T04:00:00Z")).isEqualTo("60m ago");
        assertThat(table.age("2026-12-06T02:00:00Z")).isEqualTo("3h ago");
        assertThat(table.age("2026-12-01T05:00:00Z")).isEqualTo("5d ago");
        assertThat(table.age(null)).isEqualTo("never");
    }

    @Test
    void kindNameMatchesTheKindItsLowerCasePluralAndGroup() {
        ObjectRef deployment = new ObjectRef("apps/v1", "Deployment", "shop", "web");
        assertThat(FleetStatusCommand.KindName.parse("Deployment/web").matches(deployment)).isTrue();
        assertThat(FleetStatusCommand.KindName.parse("deployments/web").matches(deployment)).isTrue();
        assertThat(FleetStatusCommand.KindName.parse("deployments.apps/web").matches(deployment)).isTrue();
        assertThat(FleetStatusCommand.KindName.parse("deployments.batch/web").matches(deployment)).isFalse();
        assertThat(FleetStatusCommand.KindName.parse("Deployment/api").matches(deployment)).isFalse();
        assertThat(FleetStatusCommand.KindName.parse("ingresses/web").matches(new ObjectRef("networking.k8s.io/v1", "Ingress", "s", "web")))
                .isTrue();
        assertThat(FleetStatusCommand.KindName.parse("networkpolicies/x")
                .matches(new ObjectRef("networking.k8s.io/v1", "NetworkPolicy", "s", "x"))).isTrue();
        assertThatThrownBy(() -> FleetStatusCommand.KindName.parse("web")).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("'web' is not KIND/NAME");
    }
}
