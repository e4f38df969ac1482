package dev.arca.engine.hooks;

import dev.arca.engine.KubeRetry;
import dev.arca.engine.RunLog;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** The Running pods a backup takes, for its hooks; a pod that is not Running gets no hook (as in Velero), said in the log. */
public final class RunningPods {
    private RunningPods() {
    }

    /**
     * The Running pods of {@code namespaces} whose labels pass {@code labels}, listed with one
     * cluster-wide LIST when {@code clusterWide}, else one LIST per namespace.
     */
    public static List<HookPod> list(KubernetesClient client, Set<String> namespaces, boolean clusterWide,
                                     Predicate<Map<String, String>> labels, KubeRetry retry, RunLog log) {
        List<Pod> pods = new ArrayList<>();
        if (clusterWide) {
            pods.addAll(retry.call("list the pods for hooks", () -> client.pods().inAnyNamespace().list().getItems()));
        } else {
            for (String ns : new TreeSet<>(namespaces)) {
                pods.addAll(retry.call("list the pods of " + ns + " for hooks", () -> client.pods().inNamespace(ns).list().getItems()));
            }
        }
        List<HookPod> out = new ArrayList<>();
        for (Pod pod : pods) {
            HookPod p = HookPod.of(pod);
            if (!namespaces.contains(p.namespace()) || !labels.test(p.labels())) {
                continue;
            }
            if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
                out.add(p);
            } else if (p.annotations().keySet().stream().anyMatch(k -> k.startsWith(HookAnnotations.PRE_BACKUP)
                    || k.startsWith(HookAnnotations.POST_BACKUP))) {
                log.item("info", "hooks not run: the pod is not Running", "pods", p.namespace(), p.name());
            }
        }
        out.sort(Comparator.comparing(HookPod::ref));
        return out;
    }
}
