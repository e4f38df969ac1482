package dev.arca.server.resources;

/** State of a {@link Schedule}: FailedValidation until its spec is fixed (see status.validationErrors). */
public enum SchedulePhase {
    New,
    Enabled,
    Paused,
    FailedValidation
}
