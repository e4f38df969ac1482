package dev.arca.api;

/** What a restore does with an item that already exists in the cluster. */
public enum ExistingResourcePolicy {
    /** Leave it as it is; report whether it is identical to the backup or differs. */
    none,
    /** Make it match the backup. */
    update
}
