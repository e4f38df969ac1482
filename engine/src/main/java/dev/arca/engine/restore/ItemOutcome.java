package dev.arca.engine.restore;

/** What happened to one item in a restore; the counts of a restore report are by these. */
public enum ItemOutcome {
    created,
    updated,
    /** Existed already and matches the backup; left as it is. */
    existsIdentical,
    /** Existed already and differs from the backup; left as it is (policy none): a warning. */
    existsDiffers,
    /** Not restored on purpose: recreated by a controller, or cluster-specific. */
    skipped,
    failed
}
