package dev.arca.fleet.resources;

/**
 * What the applier last saw of the object on the member (the same fields as a binding's member status).
 * Nulls are serialized, so that a write clears a message or an error that no longer holds.
 */
public class WorkStatus {
    public boolean applied;
    /** The Work's metadata.generation last applied: a newer one is applied again, an equal one only read. */
    public Long appliedGeneration;
    public String templateHash;
    public Long generation;
    public Long observedGeneration;
    public String health;
    public String message;
    public String lastError;
    public String lastSeen;
    /**
     * True when the member's copy was deleted there and the fleet does not put it back: a
     * PersistentVolumeClaim, whose data an empty new claim would not bring back. Cleared when the copy
     * is there again (restored); a new version of the Work is applied as usual.
     */
    public Boolean lost;
}
