#!/usr/bin/env bash
# SFTP and FTP uploads into tentacle-server beside OpenSSH's sftp-server on the same machine:
# 1,000 files of 4 KB (one session) and one 1 GiB file, beside the same over Tentacle (Debian's
# Perl tentacle_client, all files in one session). Needs openssh-client, curl, and for the
# OpenSSH line openssh-server (/usr/sbin/sshd, run as root on a high port with a temporary config).
# Usage: tentacle-server-ssh-ftp/bench/ssh-ftp-bench.sh path/to/tentacle-server.jar
set -euo pipefail
jar=$(realpath "$1")
work=$(mktemp -d /var/tmp/ssh-ftp-bench.XXXXXX)
trap 'kill $server ${sshd:-} 2>/dev/null || true; rm -rf "$work"' EXIT
cd "$work"
mkdir small spool ours-sshd
for i in $(seq -w 1 1000); do head -c 4096 /dev/urandom > "small/agent$i.$i.data"; done
head -c 1073741824 /dev/zero > big.1.data
# The same bytes under other names for the Tentacle lines, so that no upload meets a taken name.
mkdir tsmall && for f in small/*; do cp "$f" "tsmall/t$(basename "$f")"; done
ln big.1.data big.2.data
ssh-keygen -q -t ed25519 -N '' -f key && cp key.pub authorized_keys && echo benchpw > ftp_password
ssh_opts=(-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR -i key)
java -jar "$jar" --allow-root -a 127.0.0.1 -p 42110 -s spool -m 2000000000 -o \
  --sftp-port 42111 --sftp-host-key host_key --sftp-authorized-keys authorized_keys \
  --ftp-port 42112 --ftp-password-file ftp_password > server.log 2>&1 &
server=$!
for _ in $(seq 300); do grep -q started server.log && break; kill -0 $server 2>/dev/null || break; sleep 0.2; done
grep -q started server.log || { cat server.log >&2; echo "the server did not start" >&2; exit 1; }

t() { local s=$(date +%s.%N); "$@" > /dev/null; echo "$(date +%s.%N) - $s" | bc; }
printf 'put small/* /\n' > small.batch
printf 'put big.1.data /\n' > big.batch
small_list=$(ls small | paste -sd, -)
echo "ours SFTP 1000x4KB: $(t sftp -b small.batch -P 42111 "${ssh_opts[@]}" pandora@127.0.0.1) s"
echo "ours SFTP 1GiB:     $(t sftp -b big.batch -P 42111 "${ssh_opts[@]}" pandora@127.0.0.1) s"
echo "ours FTP 1000x4KB:  $(cd small && t curl -sS -u pandora:benchpw -T "{$small_list}" ftp://127.0.0.1:42112/) s"
echo "ours FTP 1GiB:      $(t curl -sS -u pandora:benchpw -T big.1.data ftp://127.0.0.1:42112/) s"
if command -v tentacle_client > /dev/null; then
  echo "ours Tentacle 1000x4KB: $(t tentacle_client -a 127.0.0.1 -p 42110 tsmall/*) s"
  echo "ours Tentacle 1GiB:     $(t tentacle_client -a 127.0.0.1 -p 42110 big.2.data) s"
else
  echo "Tentacle: skipped (needs Debian's tentacle_client, package pandorafms-agent)"
fi

if [ -x /usr/sbin/sshd ] && [ "$(id -u)" = 0 ]; then
  ssh-keygen -q -t ed25519 -N '' -f sshd_host_key
  cat > sshd_config <<CONF
Port 42113
ListenAddress 127.0.0.1
HostKey $work/sshd_host_key
AuthorizedKeysFile $work/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
StrictModes no
UsePAM no
PidFile $work/sshd.pid
Subsystem sftp /usr/lib/openssh/sftp-server
CONF
  mkdir -p /run/sshd
  /usr/sbin/sshd -D -f sshd_config -E sshd.log & sshd=$!
  until ssh -p 42113 "${ssh_opts[@]}" root@127.0.0.1 true 2>/dev/null; do sleep 0.2; done
  printf 'put small/* %s/ours-sshd/\n' "$work" > small-sshd.batch
  printf 'put big.1.data %s/ours-sshd/\n' "$work" > big-sshd.batch
  echo "OpenSSH sftp-server 1000x4KB: $(t sftp -b small-sshd.batch -P 42113 "${ssh_opts[@]}" root@127.0.0.1) s"
  echo "OpenSSH sftp-server 1GiB:     $(t sftp -b big-sshd.batch -P 42113 "${ssh_opts[@]}" root@127.0.0.1) s"
else
  echo "OpenSSH sftp-server: skipped (needs /usr/sbin/sshd and root)"
fi
echo "stored by tentacle-server: $(ls spool | wc -l) files"
