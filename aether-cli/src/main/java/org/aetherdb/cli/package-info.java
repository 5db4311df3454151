/**
 * The {@code aether} command-line tool: {@code aether <command> <db-dir> [args]}.
 *
 * <p><b>Layout.</b> One class per command, bbolt style ({@link org.aetherdb.cli.PutCommand},
 * {@code GetCommand}, {@code ScanCommand}, {@code LoadCommand}, {@code ShellCommand}, ...), each
 * with its own test. {@code DbCommand} holds what they share (the directory argument, opening the
 * database); options several commands take are picocli mixins ({@code HexOption},
 * {@code WriteOptions}, {@code CreateOptions}, {@code ProgressOption}). {@code Bytes} owns the two
 * ways bytes cross the command line: hex, and escaped text.
 *
 * <p><b>Output.</b> Commands print through the picocli {@code CommandLine}'s writers, never
 * {@code System.out}, so tests run them in-process and capture everything. Text output keeps one
 * entry per line: bytes that are not printable UTF-8 show as {@code \xNN}, a backslash as
 * {@code \\}; {@code load} reads that form back.
 *
 * <p><b>Errors.</b> No stack trace reaches the user: {@code ErrorHandler} prints one line
 * {@code aether: <message>} and maps the exception to an exit code ({@code Exit}): 0 ok, 1 not
 * found, 2 usage, 3 verify found problems, 4 database error, 5 I/O or unexpected.
 * Commands that only read never create a database.
 */
package org.aetherdb.cli;
