/** Selection, the second step of a backup and the filter of a restore: which namespaces, types and items are in. Pure code, no I/O. */
package dev.arca.engine.select;
