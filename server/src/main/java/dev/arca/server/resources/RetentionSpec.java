package dev.arca.server.resources;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * A schedule's retention as one object: the fields of {@link dev.arca.server.retention.RetentionPolicy},
 * named as it names them ({@code arca schedule create --keep-daily 7} sets {@code daily: 7}). 0 or unset: rule off.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetentionSpec {
    /** Keep the newest N backups that hold data ({@code --keep-last}). */
    @Min(0)
    private Integer keepLast;
    /** Keep the newest successful backup of each of the newest N hours ({@code --keep-hourly}). */
    @Min(0)
    private Integer hourly;
    /** The same per day ({@code --keep-daily}). */
    @Min(0)
    private Integer daily;
    /** The same per ISO week ({@code --keep-weekly}). */
    @Min(0)
    private Integer weekly;
    /** The same per month ({@code --keep-monthly}). */
    @Min(0)
    private Integer monthly;
    /** The same per year ({@code --keep-yearly}). */
    @Min(0)
    private Integer yearly;
    /** The newest N successful backups are never deleted, whatever else says ({@code --min-successful}). */
    @Min(0)
    private Integer minSuccessful;
    /** Fallback age limit for backups no count rule covers ({@code 720h}); unset: none. */
    @Pattern("^([0-9]+[dhms])+$")
    private String ttl;

    public Integer getKeepLast() {
        return keepLast;
    }

    public void setKeepLast(Integer keepLast) {
        this.keepLast = keepLast;
    }

    public Integer getHourly() {
        return hourly;
    }

    public void setHourly(Integer hourly) {
        this.hourly = hourly;
    }

    public Integer getDaily() {
        return daily;
    }

    public void setDaily(Integer daily) {
        this.daily = daily;
    }

    public Integer getWeekly() {
        return weekly;
    }

    public void setWeekly(Integer weekly) {
        this.weekly = weekly;
    }

    public Integer getMonthly() {
        return monthly;
    }

    public void setMonthly(Integer monthly) {
        this.monthly = monthly;
    }

    public Integer getYearly() {
        return yearly;
    }

    public void setYearly(Integer yearly) {
        this.yearly = yearly;
    }

    public Integer getMinSuccessful() {
        return minSuccessful;
    }

    public void setMinSuccessful(Integer minSuccessful) {
        this.minSuccessful = minSuccessful;
    }

    public String getTtl() {
        return ttl;
    }

    public void setTtl(String ttl) {
        this.ttl = ttl;
    }
}
