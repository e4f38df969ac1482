package dev.arca.fleet.kubefed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.fleet.resources.Placement;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A KubeFed ReplicaSchedulingPreference as Divided replica scheduling on the policy of the Federated
 * object it targets: {@code totalReplicas} becomes the object's replicas, each cluster's {@code weight}
 * a static weight. Unless {@code intersectWithClusterSelector} is true, KubeFed places the object on
 * the preference's clusters rather than on its own placement, so the policy's affinity becomes those
 * clusters too. Minimum and maximum replicas, rebalancing and the {@code "*"} cluster do not carry over.
 */
final class ReplicaPreferences {
    private ReplicaPreferences() {
    }

    static void apply(JsonNode preference, String source, Map<String, FederatedObject> federated, List<String> problems) {
        JsonNode spec = preference.path("spec");
        String targetKind = spec.path("targetKind").asText("");
        String name = preference.path("metadata").path("name").asText("");
        String namespace = preference.path("metadata").path("namespace").asText(null);
        if (!targetKind.equals("FederatedDeployment") && !targetKind.equals("FederatedReplicaSet")) {
            problems.add(source + ": spec.targetKind '" + targetKind + "' is not FederatedDeployment or FederatedReplicaSet;"
                    + " the preference was not converted");
            return;
        }
        FederatedObject target = federated.get(KubeFedImport.key(targetKind, namespace, name));
        if (target == null || target.policy == null) {
            problems.add(source + ": " + (target == null ? "no " + KubeFedImport.key(targetKind, namespace, name)
                    + " is in the input; import the preference together with the object it schedules"
                    : "its " + targetKind + " got no policy (see its problem); the weights were not converted"));
            return;
        }
        Placement.ReplicaScheduling scheduling = new Placement.ReplicaScheduling();
        scheduling.replicaSchedulingType = Placement.ReplicaScheduling.SchedulingType.Divided;
        scheduling.weightPreference = new Placement.WeightPreference();
        Placement.ClusterAffinity preferred = new Placement.ClusterAffinity();
        for (Iterator<Map.Entry<String, JsonNode>> it = spec.path("clusters").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> cluster = it.next();
            if (weight(cluster.getKey(), cluster.getValue(), source, scheduling, problems)) {
                preferred.clusterNames.add(cluster.getKey());
            }
        }
        if (spec.path("rebalance").asBoolean(false)) {
            problems.add(source + ": spec.rebalance is not converted: Arca divides replicas by static weight only and does"
                    + " not move replicas away from clusters where pods stay unschedulable");
        }
        if (spec.has("totalReplicas")) {
            replicas(target.template).put("replicas", spec.path("totalReplicas").asLong());
        }
        if (!spec.path("intersectWithClusterSelector").asBoolean(false) && !preferred.clusterNames.isEmpty()) {
            target.policy.placement.clusterAffinity = preferred;
        }
        target.policy.placement.replicaScheduling = scheduling;
        dropReplicaOverrides(target, problems);
    }

    /**
     * KubeFed's scheduler writes each cluster's {@code /spec/replicas} override itself, replacing the user's;
     * in Arca the division decides them. Such an override is a problem and is dropped.
     */
    private static void dropReplicaOverrides(FederatedObject target, List<String> problems) {
        for (var rule : target.overrideRules) {
            if (rule.overriders.plaintext.removeIf(op -> op.path.equals("/spec/replicas"))) {
                problems.add(target.source + ": the override of /spec/replicas for cluster " + rule.targetCluster.clusterNames
                        + " is not converted: with a ReplicaSchedulingPreference KubeFed replaces it with the scheduled"
                        + " replicas, and Arca divides them by the weights");
            }
        }
        target.overrideRules.removeIf(rule -> rule.overriders.plaintext.isEmpty());
    }

    /** Adds the cluster's static weight; reports what does not carry over. True when the cluster got a weight. */
    private static boolean weight(String cluster, JsonNode preference, String source, Placement.ReplicaScheduling scheduling,
            List<String> problems) {
        String field = "spec.clusters[" + cluster + "]";
        if (cluster.equals("*")) {
            problems.add(source + ": " + field + ", a preference for every cluster, is not converted; name each cluster"
                    + " with its weight");
            return false;
        }
        if (preference.path("minReplicas").asLong(0) != 0) {
            problems.add(source + ": " + field + ".minReplicas " + preference.path("minReplicas").asLong()
                    + " is not converted: Arca divides replicas by weight only");
        }
        if (preference.has("maxReplicas")) {
            problems.add(source + ": " + field + ".maxReplicas " + preference.path("maxReplicas").asText()
                    + " is not converted: Arca divides replicas by weight only");
        }
        Placement.StaticWeight weight = new Placement.StaticWeight();
        weight.targetCluster = new Placement.ClusterAffinity();
        weight.targetCluster.clusterNames.add(cluster);
        weight.weight = preference.path("weight").asLong(0);
        scheduling.weightPreference.staticWeightList.add(weight);
        return true;
    }

    private static ObjectNode replicas(ObjectNode template) {
        return template.path("spec").isObject() ? (ObjectNode) template.get("spec") : template.putObject("spec");
    }
}
