package dev.arca.archive;

import dev.arca.api.ArcaException;
import dev.arca.storage.ObjectStore;
import dev.arca.storage.ObjectStore.ObjectInfo;
import java.util.List;

/**
 * The one type that owns the bucket layout of a backup location. Nothing else builds a key.
 *
 * <pre>
 * backups/&lt;name&gt;/backup.json          manifest, written last: a backup exists once it is there
 * backups/&lt;name&gt;/resources.tar.zst    the items
 * backups/&lt;name&gt;/resource-list.json   what is inside, for describe without downloading
 * backups/&lt;name&gt;/log.jsonl.zst        the backup's log
 * backups/&lt;name&gt;/leases/&lt;restore&gt;.json a restore reading the backup (see {@link BackupLease})
 * restores/&lt;name&gt;/restore.json        a restore's record
 * restores/&lt;name&gt;/log.jsonl.zst       the restore's log
 * arca/retention.json                  the location's retention lock (see {@link RetentionLock})
 * </pre>
 *
 * Backup and restore names are Kubernetes object names (lowercase letters, digits, '-' and '.',
 * at most 253 characters); every method refuses anything else with
 * {@link ArcaException.InvalidInput}, so a name can never escape its directory.
 */
public final class LocationLayout {
    /** File name of a backup's manifest. */
    public static final String MANIFEST = "backup.json";
    /** File name of a backup's items. */
    public static final String RESOURCES = "resources.tar.zst";
    /** File name of a backup's resource list. */
    public static final String RESOURCE_LIST = "resource-list.json";
    /** File name of a backup's or a restore's log. */
    public static final String LOG = "log.jsonl.zst";
    /** File name of a restore's record. */
    /** The volume data backed up with the resources: which snapshot holds which claim's data. */
    public static final String VOLUMES = "volumes.json";
    public static final String RESTORE_MANIFEST = "restore.json";

    /**
     * The location's retention lock: how long its backups may not be deleted. Beside the key file
     * ({@code arca/keyset.json}), but an ordinary object: encrypted and authenticated like any other
     * when the location is encrypted.
     */
    public static final String RETENTION_KEY = "arca/retention.json";

    /** Every key of a backup starts with this. */
    public static final String BACKUPS = "backups/";
    private static final String RESTORES = "restores/";
    /** Inside the backup's directory, so {@link #deleteBackup} removes leases with the rest. */
    private static final String LEASES = "leases/";
    private static final String LEASE_SUFFIX = ".json";
    private static final String WRITER = "writer.json";

    private LocationLayout() {
    }

    /** Returns {@code name} when it is a valid backup or restore name. */
    public static String checkName(String name) {
        if (!Names.isDnsSubdomain(name)) {
            throw new ArcaException.InvalidInput("\"" + name + "\" is not a valid backup or restore name:"
                    + " use lowercase letters, digits, '-' and '.', at most 253 characters");
        }
        return name;
    }

    /** {@code backups/<name>/}, with the trailing slash, so "a" never matches "ab". */
    public static String backupPrefix(String name) {
        return BACKUPS + checkName(name) + "/";
    }

    /** The key of a file within a backup's directory, e.g. {@code backups/<name>/resources.tar.zst}. */
    public static String backupFile(String name, String fileName) {
        if (!isFileName(fileName)) {
            throw new ArcaException.InvalidInput("\"" + fileName + "\" is not a file name within a backup");
        }
        return backupPrefix(name) + fileName;
    }

    public static String manifestKey(String backupName) {
        return backupFile(backupName, MANIFEST);
    }

    public static String resourcesKey(String backupName) {
        return backupFile(backupName, RESOURCES);
    }

    public static String resourceListKey(String backupName) {
        return backupFile(backupName, RESOURCE_LIST);
    }

    public static String backupLogKey(String backupName) {
        return backupFile(backupName, LOG);
    }

    /**
     * {@code backups/<name>/writer.json}: the claim of the one run writing the backup, created only
     * if absent, so two runs never write under one name.
     */
    public static String writerKey(String backupName) {
        return backupPrefix(backupName) + WRITER;
    }

    /** {@code backups/<name>/leases/}: where restores record that they are reading the backup. */
    public static String leasePrefix(String backupName) {
        return backupPrefix(backupName) + LEASES;
    }

    /** {@code backups/<backup>/leases/<holder>.json}: the lease that restore {@code holder} holds on a backup. */
    public static String leaseKey(String backupName, String holder) {
        return leasePrefix(backupName) + checkName(holder) + LEASE_SUFFIX;
    }

    /** True when {@code key} is a lease of backup {@code backupName} (a direct child of its lease directory). */
    public static boolean isLeaseKey(String backupName, String key) {
        String prefix = leasePrefix(backupName);
        if (key == null || !key.startsWith(prefix) || !key.endsWith(LEASE_SUFFIX)) {
            return false;
        }
        return Names.isDnsSubdomain(key.substring(prefix.length(), key.length() - LEASE_SUFFIX.length()));
    }

    /** {@code restores/<name>/}. */
    public static String restorePrefix(String name) {
        return RESTORES + checkName(name) + "/";
    }

    public static String restoreKey(String restoreName) {
        return restorePrefix(restoreName) + RESTORE_MANIFEST;
    }

    public static String restoreLogKey(String restoreName) {
        return restorePrefix(restoreName) + LOG;
    }

    /**
     * Names of the backups in the location, sorted: only those whose manifest exists, so a
     * backup being written or half deleted is never listed.
     */
    public static List<String> backupNames(ObjectStore store) {
        return namesWith(store, BACKUPS, MANIFEST);
    }

    /** Names of the restores recorded in the location (those with a {@code restore.json}), sorted. */
    public static List<String> restoreNames(ObjectStore store) {
        return namesWith(store, RESTORES, RESTORE_MANIFEST);
    }

    /**
     * Deletes every object under {@code backups/<name>/} (leases included) and nothing else,
     * whether or not a restore holds a lease: callers that must respect leases check first (see
     * the engine's retention package). The manifest goes
     * first, so an interrupted delete leaves an invisible remainder (which a second call removes),
     * never a visible backup with missing files. The writer's claim ({@link #writerKey}) stays: the
     * deleter holds it, so that no run of the name starts meanwhile, and releases it last.
     * Deleting an absent backup does nothing.
     *
     * @return whether any object but the manifest and the claim was there
     */
    public static boolean deleteBackup(ObjectStore store, String name) {
        return deleteUnder(store, backupPrefix(name), manifestKey(name), writerKey(name));
    }

    /** Deletes every object under {@code restores/<name>/}, the record first. */
    public static void deleteRestore(ObjectStore store, String name) {
        deleteUnder(store, restorePrefix(name), restoreKey(name), null);
    }

    private static boolean deleteUnder(ObjectStore store, String prefix, String first, String kept) {
        store.delete(first);
        boolean any = false;
        for (ObjectInfo object : store.list(prefix)) {
            if (object.key().startsWith(prefix) && !object.key().equals(kept)) {
                store.delete(object.key());
                any = true;
            }
        }
        return any;
    }

    private static List<String> namesWith(ObjectStore store, String root, String marker) {
        String suffix = "/" + marker;
        return store.list(root).stream()
                .map(ObjectInfo::key)
                .filter(key -> key.startsWith(root) && key.endsWith(suffix))
                .map(key -> key.substring(root.length(), key.length() - suffix.length()))
                .filter(Names::isDnsSubdomain)
                .distinct()
                .sorted()
                .toList();
    }

    /** A plain file name: one segment of letters, digits, '.', '-' and '_', not "." or "..". */
    static boolean isFileName(String fileName) {
        return fileName != null && fileName.matches("[A-Za-z0-9._-]{1,128}")
                && !fileName.equals(".") && !fileName.equals("..");
    }
}
