package dev.arca.fleet.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.arca.fleet.agent.MemberView;
import dev.arca.fleet.members.MemberClients;
import dev.arca.fleet.resources.FleetResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The hub's watches of a member's copies, on a real member behind a proxy that can be cut: a copy's
 * changes reach the hub as events, reads come from the watch while it is live, and go to the
 * member's API server (and fail) while the member is cut off, never answering from a dead cache.
 */
class MemberWatchIT {
    private static final String MEMBER = FleetFixture.WORKSPACE + "/us";

    @Test
    void aCopysChangesArriveAsEventsAndReadsComeFromTheWatchOnlyWhileItIsLive() {
        FleetFixture f = FleetFixture.shared();
        List<String> events = new CopyOnWriteArrayList<>();
        MemberWatch watches = new MemberWatch(events::add, Clock.systemUTC());
        try (KubernetesClient member = MemberClients.connect(FleetFixture.kubeconfig(f.us, f.usProxy.url()))) {
            FleetFixture.namespace(f.us.client(), "member-watch");
            MemberView view = watches.view(MEMBER, member);
            GenericKubernetesResource copy = generic(configMap("copy", true));
            assertThat(view.live(copy)).as("no copy yet, read from the API server").isNull();
            f.us.client().resource(configMap("copy", true)).create();
            f.us.client().resource(configMap("not-the-fleets", false)).create();
            String key = MemberWatch.copyKey(MEMBER, "v1", "ConfigMap", "member-watch", "copy");

            await().atMost(Duration.ofSeconds(30)).until(() -> watches.watching(MEMBER, "v1", "ConfigMap") && events.contains(key));
            assertThat(view.live(copy).getMetadata().getName()).isEqualTo("copy");
            assertThat(events).as("only objects with the fleet's binding label are watched")
                    .noneMatch(e -> e.endsWith("|not-the-fleets"));

            f.us.client().configMaps().inNamespace("member-watch").withName("copy").delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().filter(key::equals).count() >= 2
                    && view.live(copy) == null);
            assertThat(view.fresh(copy)).as("the member's API server agrees").isNull();

            f.usProxy.cut(Duration.ofSeconds(20));
            await().atMost(Duration.ofSeconds(15)).until(() -> !watches.watching(MEMBER, "v1", "ConfigMap"));
            assertThatThrownBy(() -> view.live(copy)).as("a cut member is asked, and fails; its cache is not trusted")
                    .isInstanceOf(RuntimeException.class);

            await().atMost(Duration.ofSeconds(60)).until(() -> watches.watching(MEMBER, "v1", "ConfigMap"));
            f.us.client().resource(configMap("copy", true)).create();
            await().atMost(Duration.ofSeconds(30)).until(() -> view.live(copy) != null);

            watches.forget(MEMBER);
            assertThat(watches.watching(MEMBER, "v1", "ConfigMap")).as("a member that left is no longer watched").isFalse();
        } finally {
            watches.close();
            f.us.client().namespaces().withName("member-watch").delete();
        }
    }

    private static ConfigMap configMap(String name, boolean fleets) {
        ConfigMapBuilder b = new ConfigMapBuilder().withNewMetadata().withNamespace("member-watch").withName(name).endMetadata()
                .addToData("k", "v");
        if (fleets) {
            b.editMetadata().addToLabels(FleetResources.BINDING_LABEL, "member-watch.test").endMetadata();
        }
        return b.build();
    }

    private static GenericKubernetesResource generic(ConfigMap c) {
        return Serialization.jsonMapper().convertValue(c, GenericKubernetesResource.class);
    }
}
