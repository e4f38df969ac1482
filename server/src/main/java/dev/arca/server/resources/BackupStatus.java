package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;

/**
 * What happened to a {@link Backup}: written by the server only, through the status subresource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupStatus extends RunStatus {
    /** Where the run is; unset means New. */
    private BackupPhase phase;
    /** When the backup expires and garbage collection may delete it (RFC 3339). */
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    private String expiration;
    /** Items done so far and the total, while it runs and after. */
    private BackupProgress progress;
    /** Volumes whose data the backup took. */
    private VolumesSummary volumes;

    public BackupPhase getPhase() {
        return phase;
    }

    public void setPhase(BackupPhase phase) {
        this.phase = phase;
    }

    public String getExpiration() {
        return expiration;
    }

    public void setExpiration(String expiration) {
        this.expiration = expiration;
    }

    public BackupProgress getProgress() {
        return progress;
    }

    public void setProgress(BackupProgress progress) {
        this.progress = progress;
    }

    public VolumesSummary getVolumes() {
        return volumes;
    }

    public void setVolumes(VolumesSummary volumes) {
        this.volumes = volumes;
    }

}
