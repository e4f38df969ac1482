package dev.arca.cli;

import dev.arca.api.ArcaException;
import dev.arca.api.RestoreTransforms;
import dev.arca.engine.transform.TransformSources;
import dev.arca.engine.transform.Transforms;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The restore transform flags: resource modifiers (Velero's), storage-class and image maps. */
final class TransformOptions {
    @Option(names = "--resource-modifiers", paramLabel = "FILE",
            description = "Velero resource-modifier rules (version: v1) applied to restored items; see docs/transforms.md.")
    Path modifiersFile;
    @Option(names = "--resource-modifiers-configmap", paramLabel = "NAME",
            description = "A ConfigMap in the -n namespace whose single data key holds resource-modifier rules.")
    String modifiersConfigMap;
    @Option(names = "--storage-class-map", split = ",", paramLabel = "OLD=NEW",
            description = "Restore PVCs, PVs and StatefulSet claim templates of storage class OLD with NEW.")
    List<String> storageClassMap;
    @Option(names = "--image-map", paramLabel = "RULE", description = "Rewrite every pod template's images: "
            + "registry|repository|tag:add|remove|replace[:VALUE] (Karmada's imageOverrider) or OLD=NEW (a registry or image prefix). Repeatable.")
    List<String> imageMap;
    @Option(names = "--mapping-configmap", paramLabel = "NAME", description = "A Velero plugin-config ConfigMap in the -n namespace "
            + "(label velero.io/change-storage-class or velero.io/change-image-name). Repeatable.")
    List<String> mappingConfigMaps;
    /** The environment ({@code --env}) whose modifiers apply, when no modifier flag was given; not an option. */
    Environment environment;

    /** Whether any transform flag was given, or an environment brings modifiers. */
    boolean given() {
        return modifiersFile != null || modifiersConfigMap != null || storageClassMap != null || imageMap != null
                || mappingConfigMaps != null || environment != null;
    }

    /**
     * Fills what the flags leave out from environment {@code e}: each flag given on the command line
     * replaces that part of the environment (an explicit --image-map replaces the environment's image
     * rules; an explicit --resource-modifiers or --resource-modifiers-configmap its modifiers).
     */
    void fillFrom(Environment e) {
        if (storageClassMap == null && !e.storageClassMap().isEmpty()) {
            storageClassMap = e.storageClassMap().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue()).toList();
        }
        if (imageMap == null && !e.imageMap().isEmpty()) {
            imageMap = e.imageMap();
        }
        if (modifiersFile == null && modifiersConfigMap == null && e.hasModifiers()) {
            environment = e;
        }
    }

    /** The storage-class map from OLD=NEW pairs. */
    Map<String, String> storageClasses() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : storageClassMap == null ? List.<String>of() : storageClassMap) {
            String[] p = pair.split("=", -1);
            if (p.length != 2 || p[0].isBlank() || p[1].isBlank()) {
                throw new ArcaException.InvalidInput("storage-class map \"" + pair + "\" is not old=new");
            }
            m.put(p[0].strip(), p[1].strip());
        }
        return m;
    }

    /** The modifier file's text, or null. */
    String modifiersText() {
        if (modifiersFile == null) {
            return null;
        }
        try {
            return Files.readString(modifiersFile);
        } catch (NoSuchFileException e) {
            throw new ArcaException.InvalidInput("resource-modifier file " + modifiersFile + " does not exist");
        } catch (IOException e) {
            throw new ArcaException.InvalidInput("resource-modifier file " + modifiersFile + " cannot be read: " + e.getMessage());
        }
    }

    /**
     * Everything the flags name, read and checked (ConfigMaps from {@code namespace}); null when no flag was given.
     *
     * @throws ArcaException.InvalidInput naming the file or ConfigMap, rule and line of the first problem
     */
    RestoreTransforms resolve(KubernetesClient client, String namespace) {
        if (!given()) {
            return null;
        }
        RestoreTransforms t = new RestoreTransforms(modifiersText(), modifiersFile == null ? null : "file " + modifiersFile,
                storageClasses(), imageMap);
        for (String name : mappingConfigMaps == null ? List.<String>of() : mappingConfigMaps) {
            t = TransformSources.merge(TransformSources.mappings(client, namespace, name), t); // flags win over ConfigMaps
        }
        if (modifiersConfigMap != null) {
            t = TransformSources.merge(t, TransformSources.modifiers(client, namespace, modifiersConfigMap));
        }
        if (environment != null) {
            t = TransformSources.merge(t, EnvironmentModifiers.resolve(environment, client, namespace));
        }
        Transforms.of(t); // every rule checked before the restore starts
        return t;
    }

    /**
     * These flags as the fields of a Restore resource; the server reads the ConfigMaps it names
     * from the Restore's namespace.
     *
     * @throws ArcaException.InvalidInput for a local file, which the server cannot read, or a malformed rule
     */
    void copyTo(dev.arca.server.resources.RestoreResourceSpec spec) {
        if (environment != null) {
            throw new ArcaException.InvalidInput("environment \"" + environment.name() + "\" has resource modifiers (files, ConfigMaps, "
                    + "parameters) that only a local run reads and fills; run without --server, or pass --resource-modifiers-configmap"
                    + " NAME holding the rules filled in");
        }
        if (modifiersFile != null) {
            throw new ArcaException.InvalidInput("--resource-modifiers " + modifiersFile + " is a local file the server cannot read; "
                    + "put it in a ConfigMap (kubectl create configmap NAME -n NAMESPACE --from-file=" + modifiersFile.getFileName()
                    + ") and pass --resource-modifiers-configmap NAME");
        }
        Transforms.of(new RestoreTransforms(null, null, storageClasses(), imageMap)); // malformed maps refused here, not later
        spec.setResourceModifierConfigMap(modifiersConfigMap);
        spec.setStorageClassMap(storageClassMap == null ? null : storageClasses());
        spec.setImageMap(imageMap);
        spec.setMappingConfigMaps(mappingConfigMaps);
    }
}
