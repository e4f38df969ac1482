package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;

/**
 * How far a restore is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RestoreProgress {
    /** Items applied so far. */
    @Min(0)
    private Integer itemsRestored;
    /** Items the restore plans to apply. */
    @Min(0)
    private Integer totalItems;

    public Integer getItemsRestored() {
        return itemsRestored;
    }

    public void setItemsRestored(Integer itemsRestored) {
        this.itemsRestored = itemsRestored;
    }

    public Integer getTotalItems() {
        return totalItems;
    }

    public void setTotalItems(Integer totalItems) {
        this.totalItems = totalItems;
    }
}
