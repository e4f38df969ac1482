/**
 * The content layer: chunks addressed by a keyed hash, compressed and encrypted one by one,
 * appended to packs, located through an index. The lowest layer of the repository, directly on
 * the location's {@link dev.arca.storage.ObjectStore}.
 */
package dev.arca.repository.content;
