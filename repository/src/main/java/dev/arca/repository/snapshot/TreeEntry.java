package dev.arca.repository.snapshot;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arca.repository.object.ObjectRef;
import java.util.Objects;

/**
 * One entry of a directory object: a name and the metadata of what it names.
 *
 * <p>Which optional fields are set depends on the type:
 * <ul>
 *   <li>{@code file}: {@code object} holds the content, or, for the second and later paths of a
 *       hard-linked inode, {@code hardLinkTo} names the first path (relative to the snapshot root,
 *       '/'-separated) and {@code object} is null;</li>
 *   <li>{@code dir}: {@code object} is the child directory object ({@link DirectoryListing});</li>
 *   <li>{@code symlink}: {@code linkTarget} is the link's text, never followed;</li>
 *   <li>special kinds (fifo, socket, devices): metadata only.</li>
 * </ul>
 * The name's own rules (no '/', not "." or "..") are checked by {@link DirectoryListing}, since
 * they matter only inside a directory; the snapshot root's entry has the empty name.
 *
 * @param mode       permission bits including setuid/setgid/sticky ({@code st_mode & 07777})
 * @param mtimeNanos modification time in nanoseconds since the epoch (as precise as the file
 *                   system keeps it)
 * @param size       length in bytes (for a file, the length stored)
 * @param inode      inode number, with {@code device} identifying the file for incremental
 *                   snapshots and hard links
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TreeEntry(String name, EntryType type, int mode, int uid, int gid, long mtimeNanos, long size,
        long inode, long device, int nlink, ObjectRef object, String linkTarget, String hardLinkTo, long ctimeNanos) {

    public TreeEntry {
        Objects.requireNonNull(name, "entry name");
        Objects.requireNonNull(type, () -> "type of entry \"" + name + "\"");
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("entry \"" + name + "\" has mode " + Integer.toOctalString(mode)
                    + " outside the permission bits 07777");
        }
        if (size < 0) {
            throw new IllegalArgumentException("entry \"" + name + "\" has negative size " + size);
        }
        switch (type) {
            case FILE -> {
                if ((object == null) == (hardLinkTo == null)) {
                    throw new IllegalArgumentException("file entry \"" + name
                            + "\" needs exactly one of content (object) or a hard link (hardLinkTo)");
                }
                if (object != null && object.length() != size) {
                    throw new IllegalArgumentException("file entry \"" + name + "\" has size " + size
                            + " but its content is " + object.length() + " bytes");
                }
            }
            case DIR -> {
                if (object == null) {
                    throw new IllegalArgumentException("directory entry \"" + name + "\" has no directory object");
                }
            }
            case SYMLINK -> {
                if (linkTarget == null || linkTarget.isEmpty()) {
                    throw new IllegalArgumentException("symlink entry \"" + name + "\" has no target");
                }
            }
            default -> {
            }
        }
        if (type != EntryType.FILE && hardLinkTo != null) {
            throw new IllegalArgumentException("entry \"" + name + "\" of type " + type + " cannot be a hard link");
        }
        if (type != EntryType.SYMLINK && linkTarget != null) {
            throw new IllegalArgumentException("entry \"" + name + "\" of type " + type + " cannot have a link target");
        }
    }

    /** True when this is a file entry whose content is another path's (a hard link). */
    @JsonIgnore
    public boolean isHardLink() {
        return type == EntryType.FILE && hardLinkTo != null;
    }

    /** This entry with another name (same metadata and content). */
    public TreeEntry withName(String newName) {
        return new TreeEntry(newName, type, mode, uid, gid, mtimeNanos, size, inode, device, nlink, object, linkTarget,
                hardLinkTo, ctimeNanos);
    }
}
