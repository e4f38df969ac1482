package dev.arca.archive;

/** Receives the items of a backup from {@link ArchiveReader#forEachItem}, one at a time, in archive order. */
@FunctionalInterface
public interface ItemVisitor {
    /**
     * @param key  where the item lives
     * @param json the item as stored (a Kubernetes object in JSON); the array is the visitor's
     */
    void visit(ItemKey key, byte[] json);
}
