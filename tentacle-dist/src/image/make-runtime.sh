#!/bin/sh
# Lays out the container image's base, offline, from this build machine's own JDK:
#   <out>/opt/java   a Java runtime cut down by jlink to the modules the two jars use,
#   <out>/lib*, ...  the shared libraries it and the jars' native libraries (Netty's epoll transport,
#                    BoringSSL) link, found by ldd, at their usual paths,
#   <out>/etc        passwd and group naming the non-root user pandora (uid/gid 10001).
# Jib puts this on the empty "scratch" base image, so no registry is needed.
# Usage: make-runtime.sh <out directory> [jar...]
set -eu
out=$1
shift

java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
if [ ! -d "$java_home/jmods" ]; then
    echo "make-runtime.sh: $java_home has no jmods: install a full JDK 17 (Debian: openjdk-17-jdk-headless)" >&2
    exit 1
fi

rm -rf "$out/opt/java"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/var/spool/pandora/data_in"
# jdeps --print-module-deps on both jars, plus the providers loaded as services (EC for TLS).
"$java_home/bin/jlink" --module-path "$java_home/jmods" --output "$out/opt/java" \
    --add-modules java.base,java.logging,java.management,java.naming,java.sql,jdk.security.auth,jdk.unsupported,jdk.crypto.ec \
    --strip-debug --no-man-pages --no-header-files --compress=2

# The jars' native libraries, which Netty unpacks and loads at run time: without what they link
# (libdl, librt) the server would fall back from epoll to NIO in the image.
if [ $# -gt 0 ] && ! command -v unzip >/dev/null; then
    echo "make-runtime.sh: unzip is needed to read the jars' native libraries (Debian: apt-get install unzip)" >&2
    exit 1
fi
natives=$(mktemp -d)
trap 'rm -rf "$natives"' EXIT
for jar in "$@"; do
    unzip -q -o "$jar" 'META-INF/native/*.so' -d "$natives" 2>/dev/null || true
done

# Every shared library the runtime's programs and libraries need, the dynamic loader included.
find "$out/opt/java" "$natives" -type f \( -name '*.so' -o -perm -u+x \) -exec ldd {} + 2>/dev/null \
    | sed -n 's#^[[:space:]]*\(.* => \)\{0,1\}\(/[^ ]*\) (0x.*#\2#p' | grep -v "^$out/" | sort -u \
    | while read -r lib; do
        cp -L --parents "$lib" "$out"
    done

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
pandora:x:10001:10001:Pandora FMS:/nonexistent:/sbin/nologin
PASSWD
cat > "$out/etc/group" <<'GROUP'
root:x:0:
pandora:x:10001:
GROUP
