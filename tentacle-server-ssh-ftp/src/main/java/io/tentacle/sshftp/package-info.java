/**
 * Write-only SFTP, SCP and FTP/FTPS endpoints (Apache MINA SSHD, Apache FtpServer) that store uploads
 * into the same spool, with the same guarantees as Tentacle uploads: complete files only, names checked
 * by the same rules, no reading, listing or deleting. Kept apart so embedders of core carry no SSH or
 * FTP library.
 */
package io.tentacle.sshftp;
