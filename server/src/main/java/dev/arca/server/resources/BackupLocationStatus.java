package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Whether the server could reach a {@link BackupLocation} the last time it checked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupLocationStatus {
    /** Available or Unavailable. */
    private LocationPhase phase;
    /** When the server last checked (RFC 3339). */
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$")
    private String lastValidationTime;
    /** The provider's cause when Unavailable (never a secret value). */
    private String message;
    /** Standard conditions. */
    private List<Condition> conditions;

    public LocationPhase getPhase() {
        return phase;
    }

    public void setPhase(LocationPhase phase) {
        this.phase = phase;
    }

    public String getLastValidationTime() {
        return lastValidationTime;
    }

    public void setLastValidationTime(String lastValidationTime) {
        this.lastValidationTime = lastValidationTime;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }
}
