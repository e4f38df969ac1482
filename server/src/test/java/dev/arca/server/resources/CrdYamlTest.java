package dev.arca.server.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crdv2.generator.CRDGenerationInfo;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRDs under {@code src/main/resources/crds/} (shipped in the jar, applied by the install and the
 * ITs) are exactly what the fabric8 v2 generator makes of the resource classes today. After
 * changing a class, regenerate them with
 * {@code mvn -o -pl server -am test -Dtest=CrdYamlTest -Dsurefire.failIfNoSpecifiedTests=false -Darca.crds.write=true}.
 */
class CrdYamlTest {

    static final Path CHECKED_IN = Path.of("src/main/resources/crds");

    @Test
    void checkedInCrdsAreWhatTheGeneratorMakesOfTheClasses(@TempDir Path out) throws IOException {
        generate(out);
        if (Boolean.getBoolean("arca.crds.write")) {
            copyAll(out, CHECKED_IN);
        }
        assertThat(names(CHECKED_IN)).as("CRD files in %s", CHECKED_IN.toAbsolutePath()).isEqualTo(names(out));
        List<String> stale = new ArrayList<>();
        for (String name : names(out)) {
            if (!Files.readString(out.resolve(name)).equals(Files.readString(CHECKED_IN.resolve(name)))) {
                stale.add(name);
            }
        }
        assertThat(stale).as("checked-in CRDs that differ from the generated ones; regenerate them with "
                + "-Darca.crds.write=true (see this class's Javadoc)").isEmpty();
    }

    @Test
    void everyKindIsNamespacedWithAStrictSchemaAndEveryRunKindHasAStatusSubresource(@TempDir Path out) throws IOException {
        generate(out);
        for (String name : names(out)) {
            CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(out.resolve(name)),
                    CustomResourceDefinition.class);
            assertThat(crd.getSpec().getGroup()).isEqualTo("arca.dev");
            assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
            var version = crd.getSpec().getVersions().get(0);
            assertThat(version.getName()).isEqualTo("v1alpha1");
            assertThat(version.getSchema().getOpenAPIV3Schema().getXKubernetesPreserveUnknownFields())
                    .as("%s keeps unknown fields", name).isNotEqualTo(Boolean.TRUE);
            if (name.startsWith("environments.")) { // configuration that nothing runs: no status, no phase
                assertThat(version.getSubresources()).as("%s has no status", name).isNull();
                assertThat(version.getSchema().getOpenAPIV3Schema().getProperties()).containsKey("spec");
                continue;
            }
            assertThat(version.getSubresources().getStatus()).as("%s status subresource", name).isNotNull();
            assertThat(version.getSchema().getOpenAPIV3Schema().getProperties()).containsKeys("spec", "status");
            assertThat(version.getAdditionalPrinterColumns()).extracting(c -> c.getName()).contains("Phase", "Age");
        }
    }

    /** Runs the generator over {@link Resources#kinds()} into {@code dir}; returns what it wrote. */
    static CRDGenerationInfo generate(Path dir) {
        return new CRDGenerator()
                .inOutputDir(dir.toFile())
                .forCRDVersions("v1")
                .customResourceClasses(Resources.kinds().toArray(Class[]::new))
                .detailedGenerate();
    }

    private static Set<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yml"))
                    .collect(TreeSet::new, Set::add, Set::addAll);
        }
    }

    private static void copyAll(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String name : names(to)) {
            Files.delete(to.resolve(name));
        }
        for (String name : names(from)) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
    }
}
