package dev.arca.fleet.resources;

import com.fasterxml.jackson.annotation.JsonInclude;

/** How the hub reaches a member cluster, or how the member reaches the hub. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MemberClusterSpec {
    /** The member's API server URL, as its kubeconfig names it (informational in Pull mode). */
    public String apiEndpoint;
    /**
     * The Secret, in this MemberCluster's namespace, holding the member's kubeconfig encrypted by
     * Arca (docs/fleet.md "Credentials"): a reader of the hub's Secrets learns nothing from it.
     * Absent in Pull mode, where the hub never holds the member's credentials.
     */
    public SecretKey credentials;
    /** Push (the hub applies to the member) or Pull (an agent beside the member fetches its work). */
    public SyncMode syncMode = SyncMode.Push;

    public enum SyncMode { Push, Pull }

    /** A key of a Secret in the resource's own namespace. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretKey {
        public String name;
        public String key;

        public SecretKey() {
        }

        public SecretKey(String name, String key) {
            this.name = name;
            this.key = key;
        }
    }
}
