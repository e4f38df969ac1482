package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One Kubernetes object by type and name; {@code namespace} is empty for a cluster-scoped one. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class ObjectRef {
    public String apiVersion;
    public String kind;
    public String namespace;
    public String name;
    /** The object's uid when it was recorded, so that a new object of the same name is told apart. */
    public String uid;

    public ObjectRef() {
    }

    public ObjectRef(String apiVersion, String kind, String namespace, String name) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.namespace = namespace;
        this.name = name;
    }

    /** {@code Kind/namespace/name} or {@code Kind/name}: how messages and the CLI name it. */
    @Override
    public String toString() {
        return kind + "/" + (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
