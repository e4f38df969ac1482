/** Time under a test's control: a clock moved by hand. */
package dev.arca.testkit.time;
