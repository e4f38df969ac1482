package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;

/**
 * How far a backup is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupProgress {
    /** Items written so far. */
    @Min(0)
    private Integer itemsBackedUp;
    /** Items the backup found to take (grows while listing). */
    @Min(0)
    private Integer totalItems;

    public Integer getItemsBackedUp() {
        return itemsBackedUp;
    }

    public void setItemsBackedUp(Integer itemsBackedUp) {
        this.itemsBackedUp = itemsBackedUp;
    }

    public Integer getTotalItems() {
        return totalItems;
    }

    public void setTotalItems(Integer totalItems) {
        this.totalItems = totalItems;
    }
}
