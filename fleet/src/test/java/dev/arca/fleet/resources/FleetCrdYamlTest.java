package dev.arca.fleet.resources;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The fleet CRDs under {@code src/main/resources/crds/} are what the fabric8 generator makes of the
 * resource classes today. Regenerate after changing a class with
 * {@code mvn -o -pl fleet -am test -Dtest=FleetCrdYamlTest -Dsurefire.failIfNoSpecifiedTests=false -Darca.crds.write=true}.
 */
class FleetCrdYamlTest {

    static final Path CHECKED_IN = Path.of("src/main/resources/crds");

    @Test
    void checkedInCrdsAreWhatTheGeneratorMakesOfTheClasses(@TempDir Path out) throws IOException {
        generate(out);
        if (Boolean.getBoolean("arca.crds.write")) {
            Files.createDirectories(CHECKED_IN);
            for (String name : names(CHECKED_IN)) {
                Files.delete(CHECKED_IN.resolve(name));
            }
            for (String name : names(out)) {
                Files.copy(out.resolve(name), CHECKED_IN.resolve(name));
            }
        }
        assertThat(names(CHECKED_IN)).isEqualTo(names(out));
        List<String> stale = new ArrayList<>();
        for (String name : names(out)) {
            if (!Files.readString(out.resolve(name)).equals(Files.readString(CHECKED_IN.resolve(name)))) {
                stale.add(name);
            }
        }
        assertThat(stale).as("checked-in CRDs that differ from the generated ones; regenerate them (see Javadoc)").isEmpty();
    }

    @Test
    void everyKindIsInTheFleetGroupWithAStrictSchemaAndOnlyTheClusterPolicyIsClusterScoped(@TempDir Path out)
            throws IOException {
        generate(out);
        assertThat(names(out)).hasSize(FleetResources.kinds().size());
        for (String name : names(out)) {
            CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(out.resolve(name)),
                    CustomResourceDefinition.class);
            assertThat(crd.getSpec().getGroup()).isEqualTo(FleetResources.GROUP);
            assertThat(crd.getSpec().getScope()).as(name)
                    .isEqualTo(name.startsWith("clusterpropagationpolicies.") ? "Cluster" : "Namespaced");
            var version = crd.getSpec().getVersions().get(0);
            assertThat(version.getSchema().getOpenAPIV3Schema().getXKubernetesPreserveUnknownFields())
                    .as("%s keeps unknown fields", name).isNotEqualTo(Boolean.TRUE);
            assertThat(version.getSubresources().getStatus()).as("%s status subresource", name).isNotNull();
        }
    }

    static void generate(Path dir) {
        new CRDGenerator().inOutputDir(dir.toFile()).forCRDVersions("v1")
                .customResourceClasses(FleetResources.kinds().toArray(Class[]::new)).detailedGenerate();
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
}
