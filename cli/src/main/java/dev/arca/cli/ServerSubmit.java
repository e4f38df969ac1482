package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.server.resources.Backup;
import dev.arca.server.resources.BackupPhase;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.Resources;
import dev.arca.server.resources.Restore;
import dev.arca.server.resources.RestorePhase;
import dev.arca.server.resources.RestoreResourceSpec;
import dev.arca.server.resources.Schedule;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Hands a backup or restore to the server in the cluster ({@code --server}, {@code --from-schedule})
 * and follows it with the same progress bar a local run shows; cancels a server backup or restore. The
 * exit code follows the phase, as for a local run.
 */
final class ServerSubmit {
    private static final Duration POLL = Duration.ofMillis(500);
    /** How long a submitted resource may wait for any server to write its status. */
    private static final Duration UNCLAIMED = Duration.ofSeconds(60);

    private ServerSubmit() {
    }

    /** The template of Schedule {@code schedule}, marked as made by it (as Velero's {@code --from-schedule}). */
    static BackupResourceSpec fromSchedule(KubernetesClient client, String namespace, String schedule) {
        Schedule s = client.resources(Schedule.class).inNamespace(namespace).withName(schedule).get();
        if (s == null) {
            throw new ArcaException.InvalidInput("Schedule " + namespace + "/" + schedule + " does not exist; see 'arca schedule get -n "
                    + namespace + "'");
        }
        BackupResourceSpec spec = s.getSpec() == null || s.getSpec().getTemplate() == null ? new BackupResourceSpec()
                : client.getKubernetesSerialization().clone(s.getSpec().getTemplate());
        spec.setSchedule(schedule);
        return spec;
    }

    static int backup(KubernetesClient client, String namespace, String name, BackupResourceSpec spec, boolean follow,
                      PrintWriter out, PrintWriter err) {
        Backup backup = new Backup();
        Map<String, String> labels = spec.getSchedule() == null ? Map.of() : Map.of(Resources.SCHEDULE_LABEL, spec.getSchedule());
        backup.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(labels).build());
        backup.setSpec(spec);
        create(client, backup, "backup", namespace, name);
        out.printf("backup \"%s\" submitted to the server in namespace %s%n", name, namespace);
        if (!follow) {
            out.flush();
            return ExitCode.OK;
        }
        Backup done = follow(err, () -> client.resources(Backup.class).inNamespace(namespace).withName(name).get(),
                b -> b.getStatus() == null ? null : b.getStatus().getPhase() == null ? null : b.getStatus().getPhase().name(),
                b -> b.getStatus() == null || b.getStatus().getProgress() == null ? null : b.getStatus().getProgress().getItemsBackedUp(),
                b -> b.getStatus() == null || b.getStatus().getProgress() == null ? null : b.getStatus().getProgress().getTotalItems());
        BackupPhase phase = done.getStatus().getPhase();
        out.printf("backup \"%s\" %s%s%n", name, phase, done.getStatus().getFailureReason() == null ? ""
                : ": " + done.getStatus().getFailureReason());
        return phase == BackupPhase.Completed ? ExitCode.OK
                : phase == BackupPhase.PartiallyFailed ? ExitCode.PARTIALLY_FAILED : ExitCode.FAILED;
    }

    static int restore(KubernetesClient client, String namespace, String name, RestoreResourceSpec spec, PrintWriter out,
                       PrintWriter err) {
        Restore restore = new Restore();
        restore.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        restore.setSpec(spec);
        create(client, restore, "restore", namespace, name);
        out.printf("restore \"%s\" submitted to the server in namespace %s%n", name, namespace);
        Restore done = follow(err, () -> client.resources(Restore.class).inNamespace(namespace).withName(name).get(),
                r -> r.getStatus() == null || r.getStatus().getPhase() == null ? null : r.getStatus().getPhase().name(),
                r -> r.getStatus() == null || r.getStatus().getProgress() == null ? null : r.getStatus().getProgress().getItemsRestored(),
                r -> r.getStatus() == null || r.getStatus().getProgress() == null ? null : r.getStatus().getProgress().getTotalItems());
        RestorePhase phase = done.getStatus().getPhase();
        out.printf("restore \"%s\" %s%s%n", name, phase, done.getStatus().getFailureReason() == null ? ""
                : ": " + done.getStatus().getFailureReason());
        return phase == RestorePhase.Completed ? ExitCode.OK
                : phase == RestorePhase.PartiallyFailed ? ExitCode.PARTIALLY_FAILED : ExitCode.FAILED;
    }

    /** Asks the server to stop backup {@code name}, then waits (bounded) for it to say Cancelled. */
    static int cancelBackup(KubernetesClient client, String namespace, String name, Duration wait, PrintWriter out) {
        return cancel(client, Backup.class, "backup", namespace, name, wait, out, b -> {
            BackupPhase phase = b.getStatus() == null ? null : b.getStatus().getPhase();
            return phase == null || phase == BackupPhase.New || phase == BackupPhase.InProgress ? null : phase.name();
        });
    }

    static int cancelRestore(KubernetesClient client, String namespace, String name, Duration wait, PrintWriter out) {
        return cancel(client, Restore.class, "restore", namespace, name, wait, out, r -> {
            RestorePhase phase = r.getStatus() == null ? null : r.getStatus().getPhase();
            return phase == null || phase == RestorePhase.New || phase == RestorePhase.InProgress ? null : phase.name();
        });
    }

    /** Sets {@code spec.cancel} and waits for a final phase ({@code finalPhase} gives it, or null while running). */
    private static <T extends io.fabric8.kubernetes.client.CustomResource<?, ?>> int cancel(KubernetesClient client, Class<T> type,
            String what, String namespace, String name, Duration wait, PrintWriter out, java.util.function.Function<T, String> finalPhase) {
        String plural = what + "s.arca.dev";
        try {
            client.resources(type).inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"cancel\":true}}");
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new ArcaException.InvalidInput(what + " " + namespace + "/" + name + " is not a server " + what + " here; see"
                        + " 'kubectl -n " + namespace + " get " + plural + "' (a local run is stopped with Ctrl-C)");
            }
            throw e;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            T resource = client.resources(type).inNamespace(namespace).withName(name).get();
            String phase = resource == null ? null : finalPhase.apply(resource);
            if (phase != null) {
                out.printf("%s \"%s\" %s%n", what, name, phase);
                return "Cancelled".equals(phase) ? ExitCode.OK : ExitCode.PARTIALLY_FAILED;
            }
            sleep();
        }
        out.printf("%s \"%s\": cancel requested; the server has not confirmed it within %ds%n", what, name, wait.toSeconds());
        return ExitCode.PARTIALLY_FAILED;
    }

    private static void create(KubernetesClient client, io.fabric8.kubernetes.api.model.HasMetadata resource, String what,
                               String namespace, String name) {
        try {
            client.resource(resource).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new ArcaException.InvalidInput(what + " " + namespace + "/" + name + " exists already; choose another name");
            }
            if (e.getCode() == 404) {
                throw new ArcaException.InvalidInput("cannot submit " + what + " " + name + ": Arca's resources are not installed"
                        + " or namespace " + namespace + " does not exist; run 'arca install' or pass -n NAMESPACE");
            }
            throw e;
        }
    }

    private static <T> T follow(PrintWriter err, Supplier<T> get, java.util.function.Function<T, String> phase,
                                java.util.function.Function<T, Integer> done, java.util.function.Function<T, Integer> total) {
        long submitted = System.nanoTime();
        boolean claimed = false;
        try (ProgressReporter progress = new ProgressReporter(err, System.console() != null, "items")) {
            long shownDone = 0;
            long shownTotal = 0;
            while (true) {
                T now = get.get();
                if (now == null) {
                    throw new ArcaException("the resource was deleted while it ran; see 'kubectl get events'");
                }
                claimed = claimed || phase.apply(now) != null;
                if (!claimed && System.nanoTime() - submitted > UNCLAIMED.toNanos()) {
                    throw new ArcaException("no Arca server took it up within " + UNCLAIMED.toSeconds() + "s; is the server "
                            + "installed and running in this namespace ('arca install', 'kubectl get pods -n NAMESPACE')? The "
                            + "resource stays and runs once a server starts");
                }
                Integer t = total.apply(now);
                Integer d = done.apply(now);
                if (t != null && t > shownTotal) {
                    progress.expect(t - shownTotal);
                    shownTotal = t;
                }
                for (; d != null && shownDone < d; shownDone++) {
                    progress.itemDone();
                }
                String p = phase.apply(now);
                if (p != null && !p.equals("New") && !p.equals("InProgress")) {
                    return now;
                }
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException("interrupted while following the server's run; it goes on in the server");
        }
    }
}
