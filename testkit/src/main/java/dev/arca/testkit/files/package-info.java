/** Volume-data fixtures: directory trees with varied files and metadata, and a comparable description of a tree. */
package dev.arca.testkit.files;
