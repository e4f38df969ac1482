/**
 * The backup archive format, between the engine and the {@link dev.arca.storage.ObjectStore}: the
 * bucket layout ({@link dev.arca.archive.LocationLayout}), the manifest, the streaming
 * {@link dev.arca.archive.ArchiveWriter} and the verifying {@link dev.arca.archive.ArchiveReader}.
 */
package dev.arca.archive;
