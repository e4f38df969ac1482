package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What an {@link Environment} gives a Restore that names it. A field the Restore sets itself wins
 * over the environment's, as a flag given on the command line wins over {@code arca env}. There is
 * no context: the server restores into its own cluster.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EnvironmentResourceSpec {
    /** Source namespace to target namespace. */
    private Map<String, String> namespaceMapping;
    /** Image rules: {@code registry|repository|tag:add|remove|replace[:value]} or {@code old=new} (docs/transforms.md). */
    private List<String> imageMap;
    /** Storage class of restored PVCs, PVs and StatefulSet claim templates: old → new. */
    private Map<String, String> storageClassMap;
    /** ConfigMaps in the environment's namespace, each holding Velero resource-modifier rules; their rules apply in this order. */
    private List<String> resourceModifierConfigMaps;
    /** Values for the {@code ${key}} placeholders of those rules (never put secrets here: they are shown as they are). */
    private Map<String, String> parameters;

    public Map<String, String> getNamespaceMapping() {
        return namespaceMapping;
    }

    public void setNamespaceMapping(Map<String, String> namespaceMapping) {
        this.namespaceMapping = namespaceMapping;
    }

    public List<String> getImageMap() {
        return imageMap;
    }

    public void setImageMap(List<String> imageMap) {
        this.imageMap = imageMap;
    }

    public Map<String, String> getStorageClassMap() {
        return storageClassMap;
    }

    public void setStorageClassMap(Map<String, String> storageClassMap) {
        this.storageClassMap = storageClassMap;
    }

    public List<String> getResourceModifierConfigMaps() {
        return resourceModifierConfigMaps;
    }

    public void setResourceModifierConfigMaps(List<String> resourceModifierConfigMaps) {
        this.resourceModifierConfigMaps = resourceModifierConfigMaps;
    }

    public Map<String, String> getParameters() {
        return parameters;
    }

    public void setParameters(Map<String, String> parameters) {
        this.parameters = parameters;
    }
}
