/** The {@code udp} command's subcommands; nothing here is API. */
@NullMarked
package net.udp.cli;

import org.jspecify.annotations.NullMarked;
