/**
 * The command-line runner: runs every rule against a provider named on the command line, through
 * the JUnit Platform Launcher, and prints a line per rule and a summary.
 */
@NullMarked
package net.udp.testkit.runner;

import org.jspecify.annotations.NullMarked;
