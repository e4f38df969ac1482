/** The filesystem provider: a location that is a directory, Arca's embedded default. */
package dev.arca.storage.fs;
