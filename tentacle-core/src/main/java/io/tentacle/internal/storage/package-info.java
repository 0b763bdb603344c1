/**
 * Not API: the spool machinery the project's modules share, and may change in any release. Every
 * operation is relative to a directory opened without following links; a file is written under a
 * hidden temp name and linked under its final name only when complete ({@code IncomingFile}); a file
 * sent away is claimed by a rename and deleted only once the peer confirms it ({@code OutgoingFile});
 * wire names are bytes, mapped to file names byte for byte ({@code FileNames}).
 */
package io.tentacle.internal.storage;
