package dev.arca.engine.hooks;

import dev.arca.engine.KubeRetry;
import dev.arca.engine.RunLog;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The Running pods a backup takes that may have hooks, listed in pages; a pod that is not Running
 * gets no hook (as in Velero), said in the log.
 */
public final class RunningPods {
    private static final long PAGE = 500;

    private RunningPods() {
    }

    /**
     * The Running pods of {@code namespaces} whose labels pass {@code labels}: every one when
     * {@code anyPod} (the spec has hook rules), else only those with backup hook annotations. One
     * cluster-wide LIST when {@code clusterWide}, else one per namespace.
     */
    public static List<HookPod> list(KubernetesClient client, Set<String> namespaces, boolean clusterWide, boolean anyPod,
                                     Predicate<Map<String, String>> labels, KubeRetry retry, RunLog log) {
        List<HookPod> out = new ArrayList<>();
        for (String ns : clusterWide ? List.of("") : new TreeSet<>(namespaces)) {
            String cont = null;
            do {
                String token = cont;
                PodList page = retry.call("list the pods" + (ns.isEmpty() ? "" : " of " + ns) + " for hooks", () -> (ns.isEmpty()
                        ? client.pods().inAnyNamespace() : client.pods().inNamespace(ns))
                        .list(new ListOptionsBuilder().withLimit(PAGE).withContinue(token).build()));
                for (Pod pod : page.getItems()) {
                    keep(pod, namespaces, anyPod, labels, log, out);
                }
                cont = page.getMetadata() == null ? null : page.getMetadata().getContinue();
            } while (cont != null && !cont.isEmpty());
        }
        out.sort(Comparator.comparing(HookPod::ref));
        return out;
    }

    private static void keep(Pod pod, Set<String> namespaces, boolean anyPod, Predicate<Map<String, String>> labels, RunLog log,
                             List<HookPod> out) {
        HookPod p = HookPod.of(pod);
        boolean annotated = p.annotations().keySet().stream()
                .anyMatch(k -> k.startsWith(HookAnnotations.PRE_BACKUP) || k.startsWith(HookAnnotations.POST_BACKUP));
        if (!namespaces.contains(p.namespace()) || !labels.test(p.labels()) || !(anyPod || annotated)) {
            return;
        }
        if (pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
            out.add(p);
        } else if (annotated) {
            log.item("info", "hooks not run: the pod is not Running", "pods", p.namespace(), p.name());
        }
    }
}
