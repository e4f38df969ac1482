package dev.arca.server.resources;

import java.util.List;

/** The API group and version every Arca custom resource is in, and the kinds, in the order they are installed. */
public final class Resources {
    public static final String GROUP = "arca.dev";
    public static final String VERSION = "v1alpha1";
    /** {@code kubectl get arca} lists every Arca resource. */
    public static final String CATEGORY = "arca";
    /** On a Backup made by a Schedule: the Schedule's name (retention and metrics select by it). */
    public static final String SCHEDULE_LABEL = GROUP + "/schedule";
    /** On a Backup or Restore: the BackupLocation it uses. */
    public static final String LOCATION_LABEL = GROUP + "/location";
    /** The namespace {@code arca install} uses unless told otherwise. */
    public static final String DEFAULT_NAMESPACE = "arca";

    private Resources() {
    }

    /** The custom resource classes whose CRDs Arca installs. */
    public static List<Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ?>>> kinds() {
        return List.of(BackupLocation.class, Backup.class, Environment.class, Restore.class, Schedule.class);
    }
}
