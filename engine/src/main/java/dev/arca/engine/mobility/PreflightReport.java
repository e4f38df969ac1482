package dev.arca.engine.mobility;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a migration would meet in the target, read from the live source and target before anything
 * is backed up. Only a {@link MissingType} can block: its objects would fail to restore. The rest
 * are facts to act on (a class to create or map, a namespace whose objects stay as they are, an
 * image to mirror or map).
 *
 * @param source                the source cluster (its API server URL)
 * @param target                the target cluster (its API server URL)
 * @param namespaces            the source namespaces in scope
 * @param missingTypes          types of objects in scope the target does not serve at their version
 * @param missingStorageClasses storage classes (after mapping) that objects in scope use and the target lacks
 * @param existingNamespaces    target namespaces (after mapping) that exist already
 * @param images                every image of the pod templates in scope, with what the mapping makes of it
 */
public record PreflightReport(String source, String target, List<String> namespaces, List<MissingType> missingTypes,
                              List<MissingStorageClass> missingStorageClasses, List<ExistingNamespace> existingNamespaces,
                              List<Image> images) {
    public PreflightReport {
        namespaces = List.copyOf(namespaces);
        missingTypes = List.copyOf(missingTypes);
        missingStorageClasses = List.copyOf(missingStorageClasses);
        existingNamespaces = List.copyOf(existingNamespaces);
        images = List.copyOf(images);
    }

    /**
     * A type of objects in scope the target does not serve at the version they were read at.
     *
     * @param resource          {@code plural.group}
     * @param apiVersion        the version the objects are backed up and restored at
     * @param kind              their kind
     * @param items             how many objects in scope are of this type
     * @param definition        the CustomResourceDefinition in the source that defines the type, or null (built-in
     *                          or aggregated API)
     * @param definitionCarried whether the backup carries that definition, so the restore creates it first
     * @param reason            what the target lacks, and what to do
     */
    public record MissingType(String resource, String apiVersion, String kind, long items, String definition,
                              boolean definitionCarried, String reason) {
        /** Objects of this type would fail: the target lacks the type and the backup does not bring it. */
        @JsonProperty("blocking")
        public boolean blocking() {
            return !definitionCarried;
        }
    }

    /**
     * @param storageClass the class the objects name
     * @param mappedTo     the class the restore would write (the same when the mapping leaves it)
     * @param usedBy       {@code resource namespace/name} of each object naming it
     */
    public record MissingStorageClass(String storageClass, String mappedTo, List<String> usedBy) {
        public MissingStorageClass {
            usedBy = List.copyOf(usedBy);
        }
    }

    /**
     * @param source the namespace in the source
     * @param target its name in the target, which exists; objects there with the same name are left as they are
     *               unless the existing-resource policy is update
     */
    public record ExistingNamespace(String source, String target) {
    }

    /**
     * @param image    the image as the source has it
     * @param mappedTo the image the restore would write
     * @param usedBy   {@code resource namespace/name container-list/container} of each use
     */
    public record Image(String image, String mappedTo, List<String> usedBy) {
        public Image {
            usedBy = List.copyOf(usedBy);
        }

        /** Left unchanged by the image mapping. */
        @JsonProperty("unchanged")
        public boolean unchanged() {
            return image.equals(mappedTo);
        }
    }

    /** Whether a type the target lacks would make objects fail: a migration stops before its backup unless forced. */
    @JsonProperty("blocked")
    public boolean blocked() {
        return missingTypes.stream().anyMatch(MissingType::blocking);
    }
}
