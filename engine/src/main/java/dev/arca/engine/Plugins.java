package dev.arca.engine;

import dev.arca.api.ArcaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where the engine finds its item actions ({@code backup.ItemAction}, {@code restore.RestoreItemAction}):
 * the implementations on the application's class path ({@code ServiceLoader}), then those that plugin
 * jars in a directory (normally {@code $ARCA_HOME/plugins}) name in their
 * {@code META-INF/services/<interface>} entries. The jars share one class loader whose parent is the
 * application's, so a plugin sees the engine's types and its own dependencies put beside it.
 * A jar that cannot be read, or names a class that cannot be loaded or made, is an error naming the jar.
 */
public final class Plugins {
    private static final Plugins BUILT_IN = new Plugins(List.of(), Plugins.class.getClassLoader());
    private final List<Path> jars;
    private final ClassLoader loader;

    private Plugins(List<Path> jars, ClassLoader loader) {
        this.jars = jars;
        this.loader = loader;
    }

    /** Only the implementations on the application's class path. */
    public static Plugins builtIn() {
        return BUILT_IN;
    }

    /** The built-in implementations and those of every {@code *.jar} in {@code dir} (none when it does not exist). */
    public static Plugins fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return BUILT_IN;
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("cannot list the plugin directory " + dir + ": " + e.getMessage()
                    + "; make it readable or remove it");
        }
        if (jars.isEmpty()) {
            return BUILT_IN;
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try (JarFile ignored = new JarFile(jar.toFile())) {
                urls.add(jar.toUri().toURL());
            } catch (IOException e) {
                throw failed(jar, "it is not a readable jar (" + e.getMessage() + ")");
            }
        }
        return new Plugins(jars, new URLClassLoader(urls.toArray(URL[]::new), Plugins.class.getClassLoader()));
    }

    /** The plugin jars, sorted by name. */
    public List<Path> jars() {
        return jars;
    }

    /** The built-in implementations of {@code type}, then each jar's, in jar-name order. */
    public <T> List<T> load(Class<T> type) {
        List<T> found = new ArrayList<>();
        ServiceLoader.load(type, Plugins.class.getClassLoader()).forEach(found::add);
        for (Path jar : jars) {
            for (String name : providers(jar, type)) {
                found.add(instance(jar, type, name));
            }
        }
        return List.copyOf(found);
    }

    private static List<String> providers(Path jar, Class<?> type) {
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.getJarEntry("META-INF/services/" + type.getName());
            if (entry == null) {
                return List.of();
            }
            String text = new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().map(l -> l.replaceFirst("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
        } catch (IOException | UncheckedIOException e) {
            throw failed(jar, "it is not a readable jar (" + e.getMessage() + ")");
        }
    }

    private <T> T instance(Path jar, Class<T> type, String name) {
        try {
            Class<?> c = Class.forName(name, true, loader);
            if (!type.isAssignableFrom(c)) {
                throw failed(jar, "its " + name + " does not implement " + type.getName());
            }
            return type.cast(c.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            if (e instanceof ArcaException a) {
                throw a;
            }
            Throwable cause = e.getCause() != null && e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            throw failed(jar, "its " + type.getSimpleName() + " " + name + " cannot be loaded (" + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()) + ")");
        }
    }

    private static ArcaException failed(Path jar, String why) {
        return new ArcaException.InvalidInput("plugin jar " + jar + " failed to load: " + why
                + "; fix the jar or remove it from " + jar.getParent());
    }
}
