package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import dev.arca.archive.ItemKey;
import dev.arca.testkit.kube.ControlPlaneExtension;
import dev.arca.testkit.kube.LocalControlPlane;
import dev.arca.testkit.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An encrypted location from the command line: nothing readable at rest, wrong keys and tampering refused. */
@ExtendWith(ControlPlaneExtension.class)
class EncryptionCliIT {
    @TempDir
    Path home;

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void anEncryptedLocationKeepsBackupsUnreadableWithoutThePassphraseAndRestoresWithIt(
            LocalControlPlane cluster, KubernetesClient client, TestNamespace ns) throws Exception {
        client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("marker", "plaintext-marker-value").build()).create();
        Path dir = home.resolve("vault");
        Path passphrase = home.resolve("passphrase");
        Files.writeString(passphrase, "the first passphrase\n");
        Cli arca = new Cli(home, cluster.kubeconfig());

        Cli.Result noSource = arca.run("location", "add", "enc", "--dir", dir.toString());
        assertThat(noSource.code()).as(noSource.toString()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(noSource.err()).contains("--passphrase-file");
        assertThat(arca.run("location", "add", "enc", "--dir", dir.toString(), "--passphrase-file", passphrase.toString(), "--default").code())
                .isZero();
        assertThat(arca.run("location", "get").out()).containsPattern("enc\\s+filesystem.*passphrase\\s+true");
        Cli.Result backup = arca.run("backup", "create", "b1", "--include-namespaces", ns.name());
        assertThat(backup.code()).as(backup.toString()).isZero();
        assertThat(backup.err()).doesNotContain("warning:");

        for (Path f : files(dir)) {
            String raw = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(raw).as(f.toString()).doesNotContain(ns.name()).doesNotContain("plaintext-marker-value").doesNotContain("Completed");
        }
        assertThat(Files.readString(passphrase)).isNotBlank();
        assertThat(Files.readString(home.resolve("config.yaml"))).doesNotContain("the first passphrase");

        Files.writeString(passphrase, "not the right passphrase\n");
        Cli.Result wrong = arca.run("backup", "get");
        assertThat(wrong.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(wrong.err()).contains("wrong passphrase for location \"enc\"").doesNotContain("not the right passphrase");
        Files.writeString(passphrase, "the first passphrase\n");

        Path next = home.resolve("passphrase-2");
        Files.writeString(next, "the second passphrase\n");
        Cli.Result rotated = arca.run("location", "rotate-key", "enc", "--new-passphrase-file", next.toString());
        assertThat(rotated.code()).as(rotated.toString()).isZero();
        assertThat(arca.run("backup", "describe", "b1").out()).contains("Phase:          Completed");

        String target = ns.name() + "-enc";
        try {
            Cli.Result restored = arca.run("restore", "create", "--from-backup", "b1", "--namespace-mappings", ns.name() + ":" + target);
            assertThat(restored.code()).as(restored.toString()).isZero();
            assertThat(client.configMaps().inNamespace(target).withName("settings").get().getData())
                    .containsEntry("marker", "plaintext-marker-value");
        } finally {
            client.namespaces().withName(target).delete();
        }

        Path tar = dir.resolve("backups/b1/resources.tar.zst");
        byte[] bytes = Files.readAllBytes(tar);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(tar, bytes);
        Cli.Result tampered = arca.run("restore", "create", "--from-backup", "b1", "--namespace-mappings", ns.name() + ":" + target + "x");
        assertThat(tampered.code()).isEqualTo(ExitCode.FAILED);
        assertThat(tampered.err()).contains("resources.tar.zst");
        assertThat(client.namespaces().withName(target + "x").get()).as("nothing restored").isNull();

        Cli plain = new Cli(home.resolve("other-home"), cluster.kubeconfig());
        Cli.Result mixed = plain.run("location", "add", "same", "--dir", dir.toString(), "--encryption", "none");
        assertThat(mixed.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(mixed.err()).contains("holds encrypted backups");
    }

    @Test
    void aDownloadedBackupOfAnEncryptedLocationIsAPlainTarZstHoldingExactlyTheBackedUpItems(
            LocalControlPlane cluster, KubernetesClient client, TestNamespace ns) throws Exception {
        for (String name : List.of("settings", "more-settings")) {
            client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                    .addToData("marker", "value-of-" + name).build()).create();
        }
        Path passphrase = home.resolve("passphrase");
        Files.writeString(passphrase, "a download passphrase\n");
        Cli arca = new Cli(home, cluster.kubeconfig());
        assertThat(arca.run("location", "add", "enc", "--dir", home.resolve("vault").toString(), "--passphrase-file",
                passphrase.toString(), "--default").code()).isZero();
        assertThat(arca.run("backup", "create", "b1", "--include-namespaces", ns.name()).code()).isZero();

        Path file = home.resolve("b1.tar.zst");
        Cli.Result downloaded = arca.run("backup", "download", "b1", "-f", file.toString());
        assertThat(downloaded.code()).as(downloaded.toString()).isZero();

        Map<String, List<String>> inTar = new TreeMap<>();
        List<String> other = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ZstdInputStream(Files.newInputStream(file)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (!e.getName().startsWith("resources/")) {
                    other.add(e.getName());
                    continue;
                }
                ItemKey key = ItemKey.fromPath(e.getName());
                inTar.computeIfAbsent(key.resource(), r -> new ArrayList<>()).add(key.listEntry());
                JsonNode item = new ObjectMapper().readTree(tar.readAllBytes());
                assertThat(item.path("metadata").path("name").asText()).as(e.getName()).isEqualTo(key.name());
                if (key.resource().equals("configmaps") && key.name().endsWith("settings")) {
                    assertThat(item.path("data").path("marker").asText()).isEqualTo("value-of-" + key.name());
                }
            }
        }
        inTar.values().forEach(Collections::sort);

        JsonNode described = new ObjectMapper().readTree(arca.run("backup", "describe", "b1", "--details", "-o", "json").out());
        Map<String, List<String>> listed = new TreeMap<>();
        described.path("resources").fields().forEachRemaining(f -> {
            List<String> items = new ArrayList<>();
            f.getValue().forEach(i -> items.add(i.asText()));
            Collections.sort(items);
            listed.put(f.getKey(), items);
        });
        assertThat(inTar).isEqualTo(listed);
        assertThat(inTar.get("configmaps")).contains(ns.name() + "/settings", ns.name() + "/more-settings");
        assertThat(inTar.values().stream().mapToInt(List::size).sum()).isEqualTo(described.path("manifest").path("itemCount").asInt());
        assertThat(other).containsExactly("metadata/version");

        Cli.Result again = arca.run("backup", "download", "b1", "-f", file.toString());
        assertThat(again.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(again.err()).contains("--force");
    }

    @Test
    void thePassphraseCanComeFromAKubernetesSecret(LocalControlPlane cluster, KubernetesClient client, TestNamespace ns) {
        client.secrets().inNamespace(ns.name()).resource(new SecretBuilder().withNewMetadata().withName("arca-key").endMetadata()
                .addToStringData("passphrase", "a passphrase kept in the cluster").build()).create();
        Cli arca = new Cli(home, cluster.kubeconfig());

        Cli.Result added = arca.run("location", "add", "k", "--dir", home.resolve("k").toString(),
                "--passphrase-secret", ns.name() + "/arca-key", "--default");
        assertThat(added.code()).as(added.toString()).isZero();
        assertThat(arca.run("backup", "create", "b", "--include-namespaces", ns.name()).code()).isZero();
        assertThat(arca.run("backup", "get").out()).containsPattern("b\\s+Completed");
        Cli.Result missing = new Cli(home, cluster.kubeconfig()).run("location", "add", "m", "--dir", home.resolve("m").toString(),
                "--passphrase-secret", ns.name() + "/nope");
        assertThat(missing.code()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(missing.err()).contains("Secret " + ns.name() + "/nope");
    }

    @Test
    void thePassphraseSecretIsReadFromTheClusterTheCommandNamesNotFromKubeconfigsCurrentContext(
            LocalControlPlane cluster, KubernetesClient client, TestNamespace ns) throws Exception {
        client.secrets().inNamespace(ns.name()).resource(new SecretBuilder().withNewMetadata().withName("arca-key").endMetadata()
                .addToStringData("passphrase", "a passphrase kept in the named cluster").build()).create();
        client.configMaps().inNamespace(ns.name()).resource(new ConfigMapBuilder().withNewMetadata().withName("settings").endMetadata()
                .addToData("k", "v").build()).create();
        Path kubeconfig = Cli.twoContexts(cluster.kubeconfig(), home.resolve("two-contexts.yaml"));
        Cli arca = new Cli(home, kubeconfig); // $KUBECONFIG's current context is "dead": nothing answers there
        String[] real = {"--kubeconfig", kubeconfig.toString(), "--context", "real"};

        Cli.Result added = arca.run(with(real, "location", "add", "k", "--dir", home.resolve("k").toString(),
                "--passphrase-secret", ns.name() + "/arca-key", "--default"));
        assertThat(added.code()).as(added.toString()).isZero();
        Cli.Result backup = arca.run(with(real, "backup", "create", "b", "--include-namespaces", ns.name()));
        assertThat(backup.code()).as(backup.toString()).isZero();
        Cli.Result get = arca.run(with(real, "backup", "get"));
        assertThat(get.out()).as(get.toString()).containsPattern("b\\s+Completed");
        String target = ns.name() + "-ctx";
        try {
            Cli.Result restored = arca.run(with(real, "restore", "create", "--from-backup", "b", "--namespace-mappings",
                    ns.name() + ":" + target));
            assertThat(restored.code()).as(restored.toString()).isZero();
            assertThat(client.configMaps().inNamespace(target).withName("settings").get().getData()).containsEntry("k", "v");
        } finally {
            client.namespaces().withName(target).delete();
        }

        Cli.Result current = arca.run("backup", "get");
        assertThat(current.code()).as("without the flags the Secret is looked for in the current context").isEqualTo(ExitCode.FAILED);
        assertThat(current.err()).contains("cannot reach the Kubernetes API at https://127.0.0.1:1");
    }

    private static String[] with(String[] flags, String... args) {
        return Stream.concat(Stream.of(args), Stream.of(flags)).toArray(String[]::new);
    }
}
