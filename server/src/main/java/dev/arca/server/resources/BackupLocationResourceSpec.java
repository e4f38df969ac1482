package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * Where a {@link BackupLocation} keeps backups, and where the server finds its credential and
 * passphrase: Secret references only, so no secret value is ever stored in this resource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BackupLocationResourceSpec {
    /** {@code filesystem}, {@code s3}, {@code azure} or {@code gcs}. */
    @Required
    private LocationProvider provider;
    /** The bucket (s3, gcs) or container (azure); unused for filesystem. */
    private String bucket;
    /** A key prefix inside the bucket; unset: the root. */
    private String prefix;
    /** The directory of a filesystem location, as the server sees it. */
    private String path;
    /** The s3 region. */
    private String region;
    /** An s3-compatible or azure endpoint URL; unset: the provider's own. */
    @Pattern("^https?://[^ ]+$")
    private String endpoint;
    /** s3 only: path-style addressing, as most self-hosted s3 servers need. */
    private Boolean pathStyle;
    /** ReadWrite (the default) or ReadOnly: synced and restored from, never written. */
    private dev.arca.api.BackupLocationSpec.AccessMode accessMode;
    /** The Secret key holding the provider credential (s3 credentials file, azure connection string, gcs key); unset: the pod's ambient identity. */
    private SecretKeyRef credential;
    /** The Secret key holding the repository passphrase; unset: an unencrypted location. */
    private SecretKeyRef encryptionPassphrase;
    /** true: the location used when a Backup or Restore names none ({@code default} in YAML). */
    @JsonProperty("default")
    private Boolean defaultLocation;
    /** How often the server checks the location ({@code 1m}); unset: every minute. */
    @Pattern("^([0-9]+[dhms])+$")
    private String validationFrequency;

    public LocationProvider getProvider() {
        return provider;
    }

    public void setProvider(LocationProvider provider) {
        this.provider = provider;
    }

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public Boolean getPathStyle() {
        return pathStyle;
    }

    public void setPathStyle(Boolean pathStyle) {
        this.pathStyle = pathStyle;
    }

    public dev.arca.api.BackupLocationSpec.AccessMode getAccessMode() {
        return accessMode;
    }

    public void setAccessMode(dev.arca.api.BackupLocationSpec.AccessMode accessMode) {
        this.accessMode = accessMode;
    }

    public SecretKeyRef getCredential() {
        return credential;
    }

    public void setCredential(SecretKeyRef credential) {
        this.credential = credential;
    }

    public SecretKeyRef getEncryptionPassphrase() {
        return encryptionPassphrase;
    }

    public void setEncryptionPassphrase(SecretKeyRef encryptionPassphrase) {
        this.encryptionPassphrase = encryptionPassphrase;
    }

    @JsonProperty("default")
    public Boolean getDefaultLocation() {
        return defaultLocation;
    }

    @JsonProperty("default")
    public void setDefaultLocation(Boolean defaultLocation) {
        this.defaultLocation = defaultLocation;
    }

    public String getValidationFrequency() {
        return validationFrequency;
    }

    public void setValidationFrequency(String validationFrequency) {
        this.validationFrequency = validationFrequency;
    }
}
