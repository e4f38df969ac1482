package dev.arca.engine.volume;

import dev.arca.api.ArcaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a volume restore may write, so that an archive cannot point it at the host: with
 * configured roots, a target must lie under one of them (after resolving symbolic links); without,
 * any directory but the system's own ({@code /etc}, {@code /root}, {@code /usr}, ...). Which PV a
 * restore may write into at all is decided by the {@link VolumeRestorer}: only those it created, or
 * freed for the restored claim.
 */
public record RestoreTargets(List<Path> roots) {
    /** System directories a volume restore never writes into when no roots are configured. */
    static final List<Path> SYSTEM = List.of("/etc", "/root", "/boot", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64",
            "/libx32", "/proc", "/sys", "/dev", "/run", "/var/run", "/var/lib/kubelet", "/var/lib/containerd", "/var/lib/etcd")
            .stream().map(Path::of).toList();

    public RestoreTargets {
        roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
    }

    /** No configured roots: anywhere but the system directories. */
    public static RestoreTargets anywhereButTheSystem() {
        return new RestoreTargets(List.of());
    }

    /**
     * @throws ArcaException.InvalidInput when {@code target} (as its nearest existing ancestor
     *                                    resolves) is not a place this restore may write into
     */
    public void check(Path target, String pv) {
        Path resolved = resolve(target);
        if (roots.isEmpty()) {
            if (resolved.getParent() == null || SYSTEM.stream().anyMatch(resolved::startsWith)) {
                throw new ArcaException.InvalidInput("PersistentVolume " + pv + " points at " + target + (resolved.equals(target) ? ""
                        : " (" + resolved + ")") + ", a system directory; volume data is never restored there (name the"
                        + " allowed directories with --volume-root)");
            }
            return;
        }
        if (roots.stream().noneMatch(root -> resolved.startsWith(resolve(root)))) {
            throw new ArcaException.InvalidInput("PersistentVolume " + pv + " points at " + target + (resolved.equals(target) ? ""
                    : " (" + resolved + ")") + ", outside the allowed directories " + roots + "; its data is not restored");
        }
    }

    /** The real path of {@code path}'s nearest existing ancestor, with the rest appended. */
    private static Path resolve(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (IOException e) {
            throw new ArcaException("cannot resolve " + existing + " to check where volume data may go: " + e, e);
        }
    }
}
