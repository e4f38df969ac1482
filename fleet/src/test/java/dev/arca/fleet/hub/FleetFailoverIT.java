package dev.arca.fleet.hub;

import static dev.arca.fleet.hub.FleetHubIT.WAIT;
import static dev.arca.fleet.hub.FleetHubIT.awaitBinding;
import static dev.arca.fleet.hub.FleetHubIT.hub;
import static dev.arca.fleet.hub.FleetHubIT.namespace;
import static dev.arca.fleet.hub.FleetHubIT.policy;
import static dev.arca.fleet.hub.FleetHubIT.select;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.arca.fleet.failover.Failover;
import dev.arca.fleet.failover.FailoverReport;
import dev.arca.fleet.members.MemberClients;
import dev.arca.fleet.resources.Placement;
import dev.arca.fleet.resources.PolicySpec;
import dev.arca.fleet.resources.PropagationPolicy;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.BackupStatus;
import dev.arca.server.resources.Restore;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code arca fleet failover} from cell eu-a to eu-b: blocked (nothing changes) while eu's Arca server
 * knows no backup of the namespace; then with backups synced there, the latest Completed one is
 * restored by a Restore on eu, and the policy places the application on eu-b instead.
 */
class FleetFailoverIT {

    @BeforeAll
    static void start() {
        FleetHubIT.fleet = FleetFixture.shared();
    }

    @Test
    void aFailoverRestoresTheLatestBackupOnTheNewCellAndMovesThePlacementOrChangesNothing() {
        FleetFixture fleet = FleetHubIT.fleet;
        String ns = namespace("fo");
        hub().apps().deployments().inNamespace(ns).resource(FleetHubIT.deployment("api", 0, "registry.example/api:1")).create();
        PolicySpec spec = select("apps/v1", "Deployment", "api");
        Placement.SpreadConstraint byCell = new Placement.SpreadConstraint();
        byCell.spreadByField = "cell";
        spec.placement.spreadConstraints = List.of(byCell);
        spec.placement.cellAffinity = new Placement.CellAffinity();
        spec.placement.cellAffinity.cellNames = List.of("eu-a");
        policy(ns, "api", spec);
        KubernetesClient eu = fleet.eu.client();
        await().atMost(WAIT).until(() -> eu.apps().deployments().inNamespace(ns).withName("api-eu-a").get() != null);
        awaitBinding(ns, "apps/v1", "Deployment", "api", s -> !s.targets.isEmpty());

        try (MemberClients members = new MemberClients(hub(), FleetFixture.KEY)) {
            Failover failover = new Failover(hub(), members, Clock.systemUTC());
            dev.arca.server.resources.Crds.apply(eu, "fleet-test", Duration.ofSeconds(60));
            FleetFixture.namespace(eu, "arca");
            FailoverReport blocked = failover.run(options(false));
            assertThat(blocked.blocked()).isTrue();
            assertThat(blocked.problems()).anyMatch(p -> p.contains("no Completed backup of namespace " + ns));
            assertThat(cells(ns)).containsExactly("eu-a");

            backup(eu, "nightly-0", ns, BackupPhase.Completed, "2026-12-01T01:00:00Z");
            backup(eu, "nightly-1", ns, BackupPhase.Completed, "2026-12-02T01:00:00Z");
            backup(eu, "nightly-2", ns, BackupPhase.Failed, "2026-12-03T01:00:00Z");
            backup(eu, "other-9", "elsewhere", BackupPhase.Completed, "2026-12-04T01:00:00Z");
            FailoverReport plan = failover.run(options(true));
            assertThat(plan.namespaces()).singleElement().satisfies(n -> assertThat(n.backup()).isEqualTo("nightly-1"));
            assertThat(eu.resources(Restore.class).inNamespace("arca").list().getItems()).isEmpty();
            assertThat(cells(ns)).containsExactly("eu-a");

            FailoverReport done = failover.run(options(false));
            assertThat(done.blocked()).as(done.text()).isFalse();
            assertThat(done.namespaces()).singleElement().satisfies(n -> {
                assertThat(n.objects()).containsExactly("Deployment/api");
                assertThat(n.restore()).startsWith("failover-" + ns);
            });
            Restore restore = eu.resources(Restore.class).inNamespace("arca").list().getItems().get(0);
            assertThat(restore.getSpec().getBackupName()).isEqualTo("nightly-1");
            assertThat(restore.getSpec().getIncludedNamespaces()).containsExactly(ns);
            assertThat(restore.getSpec().getIncludedResources()).containsExactly("persistentvolumeclaims", "persistentvolumes");
            assertThat(cells(ns)).containsExactly("eu-b");
            assertThat(done.text()).contains("eu-a -> eu-b").contains("nightly-1");
        }
        await().atMost(WAIT).until(() -> eu.apps().deployments().inNamespace(ns).withName("api-eu-b").get() != null
                && eu.apps().deployments().inNamespace(ns).withName("api-eu-a").get() == null);
    }

    private static Failover.Options options(boolean dryRun) {
        return new Failover.Options(FleetFixture.WORKSPACE, "eu-a", "eu-b", dryRun, false, "arca", Duration.ZERO);
    }

    private static List<String> cells(String ns) {
        return hub().resources(PropagationPolicy.class).inNamespace(ns).withName("api").get().getSpec().placement.cellAffinity.cellNames;
    }

    /** A Backup as a member's server shows one it synced from the location. */
    private static void backup(KubernetesClient member, String name, String namespace, BackupPhase phase, String completed) {
        Backup b = new Backup();
        b.getMetadata().setNamespace("arca");
        b.getMetadata().setName(name);
        b.setSpec(new BackupResourceSpec());
        b.getSpec().setIncludedNamespaces(List.of(namespace));
        Backup made = member.resource(b).create();
        BackupStatus status = new BackupStatus();
        status.setPhase(phase);
        status.setCompletionTimestamp(completed);
        made.setStatus(status);
        member.resource(made).updateStatus();
    }
}
