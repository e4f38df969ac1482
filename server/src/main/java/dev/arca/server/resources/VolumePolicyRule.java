package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import java.util.List;

/**
 * One volume policy rule: conditions that must all hold, and what to do with a matching volume.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumePolicyRule {
    /** The PVC's storage class is one of these; empty: any. */
    private List<String> storageClasses;
    /** {@code "min,max"} quantities (either may be empty) compared with the claim's request; unset: any size. */
    @Pattern("^[0-9]*(\\.[0-9]+)?[a-zA-Z]*,[0-9]*(\\.[0-9]+)?[a-zA-Z]*$")
    private String capacity;
    /** {@code skip} or {@code fsBackup}. */
    @Required
    private dev.arca.api.VolumePolicy.Action action;

    public List<String> getStorageClasses() {
        return storageClasses;
    }

    public void setStorageClasses(List<String> storageClasses) {
        this.storageClasses = storageClasses;
    }

    public String getCapacity() {
        return capacity;
    }

    public void setCapacity(String capacity) {
        this.capacity = capacity;
    }

    public dev.arca.api.VolumePolicy.Action getAction() {
        return action;
    }

    public void setAction(dev.arca.api.VolumePolicy.Action action) {
        this.action = action;
    }
}
