/**
 * Moving a cell's applications to another cell: their volume data restored on the new cell's member
 * from the latest backups its Arca server sees, then their placement moved through the same
 * policies, placement and overrides that put them where they were, with one report.
 */
package dev.arca.fleet.failover;
