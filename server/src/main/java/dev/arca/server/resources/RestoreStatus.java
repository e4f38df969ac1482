package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What happened to a {@link Restore}: written by the server only, through the status subresource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreStatus extends RunStatus {
    /** Where the run is; unset means New. */
    private RestorePhase phase;
    /** Items done so far and the total, while it runs and after. */
    private RestoreProgress progress;
    /** Volumes whose data the restore wrote. */
    private VolumesSummary volumes;

    public RestorePhase getPhase() {
        return phase;
    }

    public void setPhase(RestorePhase phase) {
        this.phase = phase;
    }

    public RestoreProgress getProgress() {
        return progress;
    }

    public void setProgress(RestoreProgress progress) {
        this.progress = progress;
    }

    public VolumesSummary getVolumes() {
        return volumes;
    }

    public void setVolumes(VolumesSummary volumes) {
        this.volumes = volumes;
    }

}
