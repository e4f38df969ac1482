package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;

/**
 * Volume data of a backup or restore, counted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumesSummary {
    /** Volumes whose data the run was asked to move. */
    @Min(0)
    private Integer total;
    /** Volumes done. */
    @Min(0)
    private Integer completed;
    /** Volumes that failed (each also counted in errors). */
    @Min(0)
    private Integer failed;
    /** Bytes of volume data read (backup) or written (restore). */
    @Min(0)
    private Long bytes;

    public Integer getTotal() {
        return total;
    }

    public void setTotal(Integer total) {
        this.total = total;
    }

    public Integer getCompleted() {
        return completed;
    }

    public void setCompleted(Integer completed) {
        this.completed = completed;
    }

    public Integer getFailed() {
        return failed;
    }

    public void setFailed(Integer failed) {
        this.failed = failed;
    }

    public Long getBytes() {
        return bytes;
    }

    public void setBytes(Long bytes) {
        this.bytes = bytes;
    }
}
