/**
 * When a schedule runs: parses its expression (5-field cron, nicknames, {@code @every}), computes
 * run times in its time zone, and decides, as pure functions of time, whether the server should
 * start a backup now, which name it gets and what to do when one is still running.
 */
package dev.arca.server.schedule;
