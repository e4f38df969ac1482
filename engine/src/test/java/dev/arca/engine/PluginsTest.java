package dev.arca.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ArcaException;
import dev.arca.engine.backup.ItemAction;
import dev.arca.engine.backup.PersistentVolumeOfClaim;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsTest {
    @TempDir
    Path dir;

    private Path jarNaming(String file, String implementation) throws IOException {
        Path jar = dir.resolve(file);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/" + ItemAction.class.getName()));
            out.write(("# a comment\n" + implementation + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }

    @Test
    void withoutAPluginDirectoryOnlyTheBuiltInActionsLoad() {
        Plugins plugins = Plugins.fromDirectory(dir.resolve("plugins"));

        assertThat(plugins.jars()).isEmpty();
        assertThat(plugins.load(ItemAction.class)).hasAtLeastOneElementOfType(PersistentVolumeOfClaim.class);
    }

    @Test
    void aJarsServiceEntryAddsItsImplementationAfterTheBuiltInOnes() throws IOException {
        jarNaming("more.jar", PersistentVolumeOfClaim.class.getName());

        var actions = Plugins.fromDirectory(dir).load(ItemAction.class);

        assertThat(actions.get(actions.size() - 1)).isInstanceOf(PersistentVolumeOfClaim.class);
        assertThat(actions).hasSize(Plugins.builtIn().load(ItemAction.class).size() + 1);
    }

    @Test
    void aFileThatIsNotAJarIsAnErrorNamingIt() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.jar"), "not a jar");

        assertThatThrownBy(() -> Plugins.fromDirectory(dir)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageStartingWith("plugin jar " + broken + " failed to load: it is not a readable jar")
                .hasMessageEndingWith("; fix the jar or remove it from " + dir);
    }

    @Test
    void aJarNamingAClassItLacksOrOneOfTheWrongTypeIsAnErrorNamingTheJarAndTheClass() throws IOException {
        Path missing = jarNaming("a-missing.jar", "com.example.NoSuchAction");

        assertThatThrownBy(() -> Plugins.fromDirectory(dir).load(ItemAction.class)).isInstanceOf(ArcaException.InvalidInput.class)
                .hasMessageContaining("plugin jar " + missing + " failed to load: its ItemAction com.example.NoSuchAction cannot be "
                        + "loaded (ClassNotFoundException");
        Files.delete(missing);
        Path wrong = jarNaming("b-wrong.jar", String.class.getName());

        assertThatThrownBy(() -> Plugins.fromDirectory(dir).load(ItemAction.class))
                .hasMessageContaining("plugin jar " + wrong + " failed to load: its java.lang.String does not implement "
                        + ItemAction.class.getName());
    }
}
