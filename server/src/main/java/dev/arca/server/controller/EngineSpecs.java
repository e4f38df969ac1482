package dev.arca.server.controller;

import dev.arca.api.BackupSpec;
import dev.arca.api.Durations;
import dev.arca.api.RestoreSpec;
import dev.arca.api.RestoreTransforms;
import dev.arca.engine.transform.TransformSources;
import dev.arca.engine.transform.Transforms;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import dev.arca.api.VolumePolicy;
import dev.arca.server.resources.BackupResourceSpec;
import dev.arca.server.resources.EnvironmentResourceSpec;
import dev.arca.server.resources.RestoreResourceSpec;
import dev.arca.server.resources.VolumePolicyRule;
import dev.arca.server.resources.VolumePolicySpec;

/** The engine's specs from the resources' specs: the same fields, the same meanings as the CLI's flags. */
final class EngineSpecs {
    private EngineSpecs() {
    }

    /** @throws dev.arca.api.ArcaException.InvalidInput naming the field that is wrong */
    static BackupSpec backup(BackupResourceSpec spec, String locationName) {
        return new BackupSpec(spec.getIncludedNamespaces(), spec.getExcludedNamespaces(), spec.getIncludedResources(),
                spec.getExcludedResources(), spec.getIncludeClusterResources(), spec.getLabelSelector(),
                spec.getOrLabelSelectors(), locationName,
                spec.getTtl() == null ? null : Durations.parse("spec.ttl", spec.getTtl()),
                spec.getDefaultVolumesToFsBackup(), volumePolicy(spec.getVolumePolicy()), spec.getSchedule(),
                spec.getHooks() == null ? null : spec.getHooks().validate());
    }

    static RestoreSpec restore(RestoreResourceSpec spec, String locationName) {
        return restore(spec, locationName, null);
    }

    /** @param env the Environment the Restore names, or null: it fills the mapping and mappers the Restore leaves unset */
    static RestoreSpec restore(RestoreResourceSpec spec, String locationName, EnvironmentResourceSpec env) {
        Map<String, String> mapping = spec.getNamespaceMapping() != null || env == null ? spec.getNamespaceMapping()
                : env.getNamespaceMapping();
        Map<String, String> classes = spec.getStorageClassMap() != null || env == null ? spec.getStorageClassMap()
                : env.getStorageClassMap();
        List<String> images = spec.getImageMap() != null || env == null ? spec.getImageMap() : env.getImageMap();
        return new RestoreSpec(spec.getBackupName(), spec.getIncludedNamespaces(), spec.getExcludedNamespaces(),
                spec.getIncludedResources(), spec.getExcludedResources(), spec.getIncludeClusterResources(),
                spec.getLabelSelector(), mapping, Boolean.TRUE.equals(spec.getRestoreStatus()),
                Boolean.TRUE.equals(spec.getPreserveNodePorts()), spec.getExistingResourcePolicy(), locationName,
                spec.getRestoreVolumes(), new RestoreTransforms(null, null, classes, images),
                spec.getHooks() == null ? null : spec.getHooks().validate(), null); // the server does not wait (--wait-ready is the CLI's)
    }

    /**
     * The restore's transforms with the ConfigMaps its resource names (in {@code namespace}) read and
     * every rule checked. When the Restore names no modifier ConfigMap of its own, the modifiers of
     * its Environment {@code envName} ({@code env}, or null: none) apply, their parameters substituted.
     *
     * @throws dev.arca.api.ArcaException.InvalidInput naming the ConfigMap, rule and line that is wrong
     */
    static RestoreSpec withConfigMaps(RestoreSpec engine, RestoreResourceSpec spec, String envName, EnvironmentResourceSpec env,
                                      KubernetesClient client, String namespace) {
        RestoreTransforms t = engine.transforms();
        for (String name : spec.getMappingConfigMaps() == null ? List.<String>of() : spec.getMappingConfigMaps()) {
            t = TransformSources.merge(TransformSources.mappings(client, namespace, name), t);
        }
        if (spec.getResourceModifierConfigMap() != null) {
            t = TransformSources.merge(t, TransformSources.modifiers(client, namespace, spec.getResourceModifierConfigMap()));
        } else if (env != null) {
            t = TransformSources.merge(t, RestoreEnvironments.modifiers(envName, env, client, namespace));
        }
        Transforms.of(t);
        return engine.withTransforms(t);
    }

    private static VolumePolicy volumePolicy(VolumePolicySpec spec) {
        if (spec == null || spec.getRules() == null || spec.getRules().isEmpty()) {
            return null;
        }
        return new VolumePolicy(spec.getRules().stream().map(EngineSpecs::rule).toList());
    }

    private static VolumePolicy.Rule rule(VolumePolicyRule r) {
        return new VolumePolicy.Rule(r.getStorageClasses(), r.getCapacity(), r.getAction());
    }
}
