package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a {@link Backup} and a {@link Restore} both select by: namespaces, resources, cluster-scoped
 * types and a label selector, under the same names as {@code arca backup create} and
 * {@code arca restore create} take them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceFilterSpec {
    /** Namespace globs to include; empty or {@code *}: all. */
    private List<String> includedNamespaces;
    /** Namespace globs to leave out; exclusions win. */
    private List<String> excludedNamespaces;
    /** Resources to include: plural, {@code plural.group} or Kind; empty: all. */
    private List<String> includedResources;
    /** Resources to leave out, same forms. */
    private List<String> excludedResources;
    /** true: all cluster-scoped types; false: none; unset: automatic (all for a whole-cluster run, else only the related ones). */
    private Boolean includeClusterResources;
    /** A Kubernetes label selector ({@code app=shop,tier!=cache}); unset: no filter. */
    private String labelSelector;

    public List<String> getIncludedNamespaces() {
        return includedNamespaces;
    }

    public void setIncludedNamespaces(List<String> includedNamespaces) {
        this.includedNamespaces = includedNamespaces;
    }

    public List<String> getExcludedNamespaces() {
        return excludedNamespaces;
    }

    public void setExcludedNamespaces(List<String> excludedNamespaces) {
        this.excludedNamespaces = excludedNamespaces;
    }

    public List<String> getIncludedResources() {
        return includedResources;
    }

    public void setIncludedResources(List<String> includedResources) {
        this.includedResources = includedResources;
    }

    public List<String> getExcludedResources() {
        return excludedResources;
    }

    public void setExcludedResources(List<String> excludedResources) {
        this.excludedResources = excludedResources;
    }

    public Boolean getIncludeClusterResources() {
        return includeClusterResources;
    }

    public void setIncludeClusterResources(Boolean includeClusterResources) {
        this.includeClusterResources = includeClusterResources;
    }

    public String getLabelSelector() {
        return labelSelector;
    }

    public void setLabelSelector(String labelSelector) {
        this.labelSelector = labelSelector;
    }
}
