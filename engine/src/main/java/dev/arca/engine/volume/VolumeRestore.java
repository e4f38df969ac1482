package dev.arca.engine.volume;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One claim's volume data in a restore.
 *
 * @param namespace        the claim's namespace in the target cluster
 * @param claim            the claim's name
 * @param persistentVolume the PV the data went into
 * @param target           where the files were written ("hostPath /srv/data-copy")
 * @param snapshot         the repository snapshot restored
 * @param files            files written
 * @param bytes            bytes written
 * @param status           Restored, Skipped or Failed
 * @param reason           why it was skipped or failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeRestore(String namespace, String claim, String persistentVolume, String target, String snapshot,
                            long files, long bytes, Status status, String reason) {

    /** A volume's fate in a restore. */
    public enum Status { Restored, Skipped, Failed }
}
