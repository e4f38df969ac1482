package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A key of a Secret in the resource's namespace: where a value is, never the value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef {
    /** The Secret's name. */
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
    private String name;
    /** The key inside the Secret's data. */
    @Required
    @Pattern("^[-._a-zA-Z0-9]+$")
    private String key;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    /** A reference to {@code key} of Secret {@code name}. */
    public static SecretKeyRef of(String name, String key) {
        SecretKeyRef ref = new SecretKeyRef();
        ref.setName(name);
        ref.setKey(key);
        return ref;
    }
}
