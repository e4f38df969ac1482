/**
 * The object layer: a byte stream of any length cut by content-defined chunking into chunks
 * stored in the content layer, and read back in order. Above {@code content}, below
 * {@code snapshot}.
 */
package dev.arca.repository.object;
