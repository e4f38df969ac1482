package dev.arca.fleet.members;

import dev.arca.api.ArcaException;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Turns a member's kubeconfig into the one self-contained context the hub stores: certificates, keys
 * and tokens that the file names by path are embedded, every other context is dropped. Credential
 * plugins ({@code exec}, {@code auth-provider}) are refused: they run programs on the machine that
 * joined, which the hub is not. Messages name files and contexts, never a credential.
 */
public final class Kubeconfigs {
    /** One context of a kubeconfig, flattened: its YAML (which holds credentials), server URL and context name. */
    public record Flat(byte[] yaml, String server, String context) {
        @Override
        public String toString() {
            return "Flat[context=" + context + ", server=" + server + "]";
        }
    }

    private Kubeconfigs() {
    }

    /** The context {@code context} (null: the current one) of the kubeconfig at {@code file}, flattened. */
    public static Flat flatten(Path file, String context) {
        Config config;
        try {
            config = KubeConfigUtils.parseConfigFromString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new ArcaException.InvalidInput("member kubeconfig " + file + " cannot be read as a kubeconfig ("
                    + e.getClass().getSimpleName() + "); check --member-kubeconfig");
        }
        String name = context != null ? context : config.getCurrentContext();
        if (name == null || name.isBlank()) {
            throw new ArcaException.InvalidInput("member kubeconfig " + file + " has no current context; name one with --member-context");
        }
        NamedContext ctx = find(config.getContexts(), c -> c.getName(), name, "context", file);
        NamedCluster cluster = find(config.getClusters(), c -> c.getName(), ctx.getContext().getCluster(), "cluster", file);
        NamedAuthInfo user = find(config.getUsers(), u -> u.getName(), ctx.getContext().getUser(), "user", file);
        Path dir = file.toAbsolutePath().getParent();
        Cluster c = embed(cluster.getCluster(), dir, name);
        AuthInfo u = embed(user.getUser(), dir, name);
        if (c.getServer() == null || c.getServer().isBlank()) {
            throw new ArcaException.InvalidInput("context \"" + name + "\" of " + file + " names a cluster without a server URL");
        }
        Config flat = new Config("v1", List.of(new NamedCluster(c, cluster.getName())), List.of(ctx), name, null, "Config", null,
                List.of(new NamedAuthInfo(user.getName(), u)));
        return new Flat(Serialization.asYaml(flat).getBytes(StandardCharsets.UTF_8), c.getServer(), name);
    }

    /** A fabric8 client configuration for a flattened kubeconfig (its only, current context). */
    public static io.fabric8.kubernetes.client.Config clientConfig(byte[] flatYaml) {
        return io.fabric8.kubernetes.client.Config.fromKubeconfig(null, new String(flatYaml, StandardCharsets.UTF_8), null);
    }

    private static Cluster embed(Cluster cluster, Path dir, String context) {
        Cluster c = cluster.toBuilder().build();
        if (c.getCertificateAuthority() != null) {
            c.setCertificateAuthorityData(fileAsBase64(dir, c.getCertificateAuthority(), context, "certificate-authority"));
            c.setCertificateAuthority(null);
        }
        return c;
    }

    private static AuthInfo embed(AuthInfo user, Path dir, String context) {
        if (user.getExec() != null || user.getAuthProvider() != null) {
            throw new ArcaException.InvalidInput("the user of context \"" + context + "\" gets its credentials from a plugin ("
                    + (user.getExec() != null ? "exec" : "auth-provider") + "), which the hub cannot run; give a kubeconfig "
                    + "with a token or a client certificate (e.g. a ServiceAccount's token)");
        }
        AuthInfo u = user.toBuilder().build();
        if (u.getClientCertificate() != null) {
            u.setClientCertificateData(fileAsBase64(dir, u.getClientCertificate(), context, "client-certificate"));
            u.setClientCertificate(null);
        }
        if (u.getClientKey() != null) {
            u.setClientKeyData(fileAsBase64(dir, u.getClientKey(), context, "client-key"));
            u.setClientKey(null);
        }
        if (u.getTokenFile() != null) {
            u.setToken(new String(read(dir, u.getTokenFile(), context, "tokenFile"), StandardCharsets.UTF_8).strip());
            u.setTokenFile(null);
        }
        return u;
    }

    private static String fileAsBase64(Path dir, String path, String context, String field) {
        return Base64.getEncoder().encodeToString(read(dir, path, context, field));
    }

    private static byte[] read(Path dir, String path, String context, String field) {
        Path file = dir == null ? Path.of(path) : dir.resolve(path);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("the " + field + " file " + file + " of context \"" + context
                    + "\" cannot be read (" + e.getClass().getSimpleName() + "); it is embedded in the sealed credentials");
        }
    }

    private static <T> T find(List<T> items, java.util.function.Function<T, String> name, String wanted, String what, Path file) {
        if (items != null) {
            for (T item : items) {
                if (wanted != null && wanted.equals(name.apply(item))) {
                    return item;
                }
            }
        }
        throw new ArcaException.InvalidInput(what + " \"" + wanted + "\" is not in member kubeconfig " + file
                + "; run 'kubectl --kubeconfig " + file + " config get-contexts'");
    }
}
