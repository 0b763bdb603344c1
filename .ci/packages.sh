#!/usr/bin/env bash
# Builds the packages, tarball and images (mvn -B -P dist package) and tests them as an
# administrator would, as root on a Debian machine: install the .debs, run the server from the
# installed files as pandora and send it a file with Debian's tentacle_client, remove, purge;
# lintian; the RPMs' contents; the tarball with nothing but a Java runtime; the OCI images.
# Needs: dpkg, lintian, unzip, a Java 17 runtime, tentacle_client; rpmbuild for the RPM checks
# (rpm2cpio and cpio to open the RPMs' jars).
# Ends with "N passed, N failed"; exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() { # check <description> <command...>
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}
# Netty's native epoll library: the server and the puller use epoll where it loads, NIO elsewhere.
epoll_so=META-INF/native/libnetty_transport_native_epoll_x86_64.so
carries_epoll() { unzip -l "$1" "$epoll_so" >/dev/null 2>&1; }
finish() {
    echo
    echo "packages: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

# A container's /usr/sbin/policy-rc.d forbids every service action and invoke-rc.d offers no
# way around it; a real host has none, so it is set aside while the maintainer scripts run.
as_on_a_host() {
    local status
    [ -e /usr/sbin/policy-rc.d ] && mv /usr/sbin/policy-rc.d "$work/policy-rc.d"
    "$@"
    status=$?
    [ -e "$work/policy-rc.d" ] && mv "$work/policy-rc.d" /usr/sbin/policy-rc.d
    return $status
}

if [ "$(id -u)" != 0 ]; then
    echo "packages.sh: installs packages and creates a user: run it as root" >&2
    exit 2
fi

work=$(mktemp -d)
server_pid=""
# What the packages leave on purpose (the spool, the pandora user) is removed at the end when this
# run made it: the machine is handed back as it was, and tests that expect no Pandora spool hold.
spool_existed=no
[ -e /var/spool/pandora ] && spool_existed=yes
had_pandora=no
getent passwd pandora >/dev/null && had_pandora=yes
had_pandora_group=no
getent group pandora >/dev/null && had_pandora_group=yes
restore_machine() {
    dpkg --purge tentacle-server tentacle-sync >/dev/null 2>&1
    [ "$spool_existed" = no ] && rm -rf /var/spool/pandora
    [ "$had_pandora" = no ] && getent passwd pandora >/dev/null && userdel pandora
    [ "$had_pandora_group" = no ] && getent group pandora >/dev/null && groupdel pandora
}
cleanup() {
    [ -e "$work/policy-rc.d" ] && mv "$work/policy-rc.d" /usr/sbin/policy-rc.d
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null
    mountpoint -q "$work/rootfs/proc" && umount "$work/rootfs/proc"
    restore_machine
    rm -rf "$work"
}
trap cleanup EXIT

echo "== Build: mvn -B -P dist package"
if ! mvn -B -q -P dist package -DskipTests >"$work/build.log" 2>&1; then
    cat "$work/build.log"
    fail "mvn -B -P dist package"
    finish
fi
grep -i "rpmbuild not found" "$work/build.log"
target=tentacle-dist/target
version=$(python3 -c 'import xml.etree.ElementTree as t; print(t.parse("pom.xml").find("{http://maven.apache.org/POM/4.0.0}version").text)')
debversion=${version//-/\~}
server_deb=$target/tentacle-server_${debversion}_all.deb
sync_deb=$target/tentacle-sync_${debversion}_all.deb
tarball=$target/tentacle-$version.tar.gz
for f in "$server_deb" "$sync_deb" "$tarball" "$target/tentacle-server-image.tar" "$target/tentacle-sync-image.tar"; do
    check "built $f" test -s "$f"
done

echo "== lintian"
lintian --no-tag-display-limit "$server_deb" "$sync_deb" >"$work/lintian.txt" 2>&1
cat "$work/lintian.txt"
check "lintian reports no errors (warnings are listed in docs/SERVER.md)" \
    bash -c "! grep -q '^E:' '$work/lintian.txt'"

echo "== RPM packages"
if command -v rpmbuild >/dev/null; then
    server_rpm=$target/rpm/tentacle-server-${debversion}-1.noarch.rpm
    sync_rpm=$target/rpm/tentacle-sync-${debversion}-1.noarch.rpm
    rpm -qlp "$server_rpm" "$sync_rpm" >"$work/rpm-files.txt" 2>/dev/null
    for f in /usr/bin/tentacle-server /usr/share/tentacle/tentacle-server.jar /etc/tentacle/tentacle_server.conf \
        /etc/sysconfig/tentacle-server /etc/logrotate.d/tentacle-server /etc/rc.d/init.d/tentacle-server \
        /usr/lib/systemd/system/tentacle-server.service /usr/bin/tentacle-sync /usr/share/tentacle/tentacle-sync.jar \
        /usr/lib/systemd/system/tentacle-sync.timer /usr/share/doc/tentacle-sync/SYNC.md; do
        check "rpm holds $f" grep -qx "$f" "$work/rpm-files.txt"
    done
    check "rpm marks the configuration as config(noreplace)" \
        bash -c "rpm -qcp '$server_rpm' | grep -qx /etc/tentacle/tentacle_server.conf"
    check "rpm creates pandora before installing" bash -c "rpm -qp --scripts '$server_rpm' | grep -q 'useradd -r -g pandora'"
    if command -v rpm2cpio >/dev/null && command -v cpio >/dev/null; then
        for image in server sync; do
            rpm=$target/rpm/tentacle-$image-${debversion}-1.noarch.rpm
            rpm2cpio "$rpm" | (cd "$work" && cpio -i --quiet --to-stdout "./usr/share/tentacle/tentacle-$image.jar") >"$work/rpm-$image.jar"
            check "rpm's tentacle-$image.jar carries $epoll_so" carries_epoll "$work/rpm-$image.jar"
        done
    else
        echo "SKIP: rpm2cpio or cpio not installed, the RPMs' jars are not opened"
    fi
else
    echo "SKIP: rpmbuild not installed (Debian: apt-get install rpm), no RPMs to check"
fi

echo "== Install the .debs"
if ! dpkg -i "$server_deb" "$sync_deb"; then
    fail "dpkg -i"
    finish
fi
pass "dpkg -i tentacle-server tentacle-sync"
check "tentacle-server on the PATH prints its version" \
    bash -c "cd / && tentacle-server --version | grep -qx 'tentacle-server $version'"
check "tentacle-sync on the PATH prints its version" bash -c "cd / && tentacle-sync --version | grep -q '^tentacle-sync '"
check "tentacle_server (update-alternatives) is ours" \
    bash -c "[ \"\$(readlink -f /usr/bin/tentacle_server)\" = /usr/bin/tentacle-server ] && tentacle_server --version | grep -q tentacle-server"
echo "pandora existed before: $had_pandora"
check "user pandora exists, no login shell, no home" \
    bash -c "getent passwd pandora | grep -Eq '^pandora:[^:]*:[0-9]+:[0-9]+:[^:]*:/nonexistent:/usr/sbin/nologin$'"
check "group pandora exists" bash -c "getent group pandora >/dev/null"
for jar in /usr/share/tentacle/tentacle-server.jar /usr/share/tentacle/tentacle-sync.jar; do
    check "$jar carries $epoll_so" carries_epoll "$jar"
done
check "/var/spool/pandora/data_in is pandora's" bash -c "[ \"\$(stat -c %U /var/spool/pandora/data_in)\" = pandora ]"
check "config sample in place with Pandora's filters" \
    grep -qxF 'filters .*\.conf:conf;.*\.md5:md5;.*\.zip:collections;.*\.lock:trans;.*\.rcmd:commands' /etc/tentacle/tentacle_server.conf
for f in /etc/tentacle/tentacle_server.conf /etc/default/tentacle-server /etc/init.d/tentacle-server /etc/logrotate.d/tentacle-server; do
    check "$f is a conffile" bash -c "dpkg-query -W -f='\${Conffiles}\n' tentacle-server | grep -q ' $f '"
done
for f in /lib/systemd/system/tentacle-server.service /lib/systemd/system/tentacle-sync.service \
    /lib/systemd/system/tentacle-sync.timer /usr/share/doc/tentacle-server/SERVER.md /usr/share/doc/tentacle-sync/SYNC.md; do
    check "$f installed" test -s "$f"
done
check "the units' Documentation= files exist" bash -c '
    for u in /lib/systemd/system/tentacle-*.service; do
        doc=$(sed -n "s#^Documentation=file://##p" "$u"); [ -s "$doc" ] || { echo "$u: $doc missing"; exit 1; }
    done'
if command -v logrotate >/dev/null; then
    check "logrotate accepts its file" logrotate -d /etc/logrotate.d/tentacle-server
else
    echo "SKIP: logrotate not installed, its file is not checked"
fi

echo "== The installed server, started by its init script as pandora, takes a file from tentacle_client"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Only the port differs from the installed defaults (the machine may run other Tentacle servers).
echo "TENTACLE_EXT_OPTS=\"-p $port\"" >"$work/defaults"
if TENTACLE_DEFAULTS=$work/defaults /etc/init.d/tentacle-server start; then
    pass "init script start"
else
    fail "init script start"
    cat /var/log/tentacle/tentacle_server.log 2>/dev/null
fi
server_pid=$(cat /run/tentacle/tentacle-server.pid 2>/dev/null)
check "the server runs as pandora" bash -c "[ \"\$(ps -o user= -p '$server_pid')\" = pandora ]"
# Pandora's HA watchdog runs "service tentacle_serverd status" and takes the last word of the
# first line as the pid (a word that is no number means not running).
status=$(service tentacle_serverd status | head -n 1)
echo "service tentacle_serverd status: $status"
check "service tentacle_serverd status ends its first line with the pid" \
    test "${status##* }" = "$server_pid"
name="pkgtest_$$.$(date +%s).data"
echo "<agent_data/>" >"$work/$name"
echo "<agent_data/>" >"$work/upgraded_$name"
echo "key 1" >"$work/pkgtest_$$.conf"
check "tentacle_client sends a data file" \
    tentacle_client -a 127.0.0.1 -p "$port" "$work/$name"
check "the file is in /var/spool/pandora/data_in, owned by pandora" \
    bash -c "cmp -s '$work/$name' '/var/spool/pandora/data_in/$name' && [ \"\$(stat -c %U '/var/spool/pandora/data_in/$name')\" = pandora ]"
check "a .conf goes to conf/ (the config sample's filters)" \
    bash -c "tentacle_client -a 127.0.0.1 -p '$port' '$work/pkgtest_$$.conf' && [ -s '/var/spool/pandora/data_in/conf/pkgtest_$$.conf' ]"
rm -f "/var/spool/pandora/data_in/conf/pkgtest_$$.conf"
check "the log file is written" test -s /var/log/tentacle/tentacle_server.log
check "the installed server's start line says transport epoll" grep -q "started: .*; transport epoll" /var/log/tentacle/tentacle_server.log

echo "== Upgrade (dpkg -i over itself): the server keeps serving"
# postinst restarts it through invoke-rc.d, which allows that only for a service enabled in the
# current runlevel: this container has none, so the old process goes on serving here.
check "dpkg -i again" as_on_a_host env TENTACLE_DEFAULTS="$work/defaults" dpkg -i "$server_deb" "$sync_deb"
server_pid=$(cat /run/tentacle/tentacle-server.pid 2>/dev/null)
check "a server runs as pandora and takes files after the upgrade" \
    bash -c "[ \"\$(ps -o user= -p '$server_pid')\" = pandora ] && tentacle_client -a 127.0.0.1 -p '$port' '$work/upgraded_$name' \
        && cmp -s '$work/upgraded_$name' '/var/spool/pandora/data_in/upgraded_$name'"
rm -f "/var/spool/pandora/data_in/upgraded_$name"
check "the configuration was kept" grep -q '^port 41121' /etc/tentacle/tentacle_server.conf

echo "== dpkg -r: stops the server, removes the commands, keeps configuration and spool"
check "dpkg -r" as_on_a_host dpkg -r tentacle-server tentacle-sync
check "the server was stopped" bash -c "! kill -0 '$server_pid' 2>/dev/null"
server_pid=""
for f in /usr/bin/tentacle-server /usr/bin/tentacle-sync /usr/bin/tentacle_server /usr/share/tentacle; do
    check "$f gone" test ! -e "$f"
done
check "configuration kept" test -f /etc/tentacle/tentacle_server.conf
check "spool kept" test -f "/var/spool/pandora/data_in/$name"

echo "== dpkg --purge: removes the configuration, never the spool"
check "dpkg --purge" dpkg --purge tentacle-server tentacle-sync
for f in /etc/tentacle /etc/default/tentacle-server /etc/init.d/tentacle-server /etc/logrotate.d/tentacle-server \
    /etc/init.d/tentacle_serverd /lib/systemd/system/tentacle-server.service; do
    check "$f gone" test ! -e "$f"
done
check "no command left" bash -c "! command -v tentacle-server && ! command -v tentacle-sync && ! command -v tentacle_server"
check "spool and the file received kept" test -f "/var/spool/pandora/data_in/$name"
check "user pandora kept" bash -c "getent passwd pandora >/dev/null"
rm -f "/var/spool/pandora/data_in/$name"

echo "== The tarball, unpacked elsewhere, with only a Java runtime on the PATH"
mkdir -p "$work/unpacked" "$work/path"
tar -xzf "$tarball" -C "$work/unpacked"
# The PATH holds java and the two tools the launcher uses, nothing else.
for tool in "$(readlink -f "$(command -v java)")" "$(command -v readlink)" "$(command -v dirname)"; do
    ln -s "$tool" "$work/path/$(basename "$tool")"
done
home=$work/unpacked/tentacle-$version
for f in bin/tentacle-server bin/tentacle-sync tentacle-server.jar tentacle-sync.jar dist/tentacle-server.service \
    dist/tentacle-server.init dist/tentacle_server.conf dist/tentacle-server.default docs/SERVER.md README.md LICENSE; do
    check "tarball holds $f" test -e "$home/$f"
done
for jar in tentacle-server.jar tentacle-sync.jar; do
    check "tarball's $jar carries $epoll_so" carries_epoll "$home/$jar"
done
check "tarball bin/tentacle-server --help" \
    bash -c "cd '$work' && env -i PATH='$work/path' '$home/bin/tentacle-server' --help | grep -q -- '--directory'"
check "tarball bin/tentacle-sync --version" \
    bash -c "cd '$work' && env -i PATH='$work/path' '$home/bin/tentacle-sync' --version | grep -q '^tentacle-sync '"

echo "== The container images (OCI tars, read without a daemon)"
for image in server sync; do
    tar=$target/tentacle-$image-image.tar
    python3 .ci/oci_image.py config "$tar" >"$work/$image-config.json" || fail "read $tar"
    check "tentacle-$image image runs as a non-root user" \
        python3 -c "import json,sys; u=json.load(open(sys.argv[1]))['User']; sys.exit(u.split(':')[0] in ('', '0', 'root'))" "$work/$image-config.json"
    check "tentacle-$image image entry point is java -jar tentacle-$image.jar" \
        python3 -c "import json,sys; sys.exit(json.load(open(sys.argv[1]))['Entrypoint'] != ['/opt/java/bin/java', '-jar', '/usr/share/tentacle/tentacle-$image.jar'])" "$work/$image-config.json"
    check "tentacle-$image image has the spool as a volume" \
        python3 -c "import json,sys; sys.exit('/var/spool/pandora/data_in' not in json.load(open(sys.argv[1]))['Volumes'])" "$work/$image-config.json"
done
# Run the server image as a container runtime would: its layers as the root, its user, /proc.
python3 .ci/oci_image.py unpack "$target/tentacle-server-image.tar" "$work/rootfs"
python3 .ci/oci_image.py unpack "$target/tentacle-sync-image.tar" "$work/sync-rootfs"
check "server image's jar carries $epoll_so" carries_epoll "$work/rootfs/usr/share/tentacle/tentacle-server.jar"
check "sync image's jar carries $epoll_so" carries_epoll "$work/sync-rootfs/usr/share/tentacle/tentacle-sync.jar"
mkdir -p "$work/rootfs/proc"
if mount -t proc proc "$work/rootfs/proc" 2>/dev/null; then
    user=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['User'])" "$work/server-config.json")
    mapfile -t entrypoint < <(python3 -c "import json,sys; print('\n'.join(json.load(open(sys.argv[1]))['Entrypoint']))" "$work/server-config.json")
    mapfile -t cmd < <(python3 -c "import json,sys; print('\n'.join(json.load(open(sys.argv[1]))['Cmd']))" "$work/server-config.json")
    chroot --userspec="$user" "$work/rootfs" "${entrypoint[@]}" "${cmd[@]}" -p "$port" >"$work/image-server.log" 2>&1 &
    server_pid=$!
    # The start line says the server listens; wait for it (bounded), not for a fixed time.
    for _ in $(seq 300); do
        grep -q "listening on" "$work/image-server.log" && break
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$work/image-server.log"
    check "the image's server start line says transport epoll" grep -q "started: .*; transport epoll" "$work/image-server.log"
    check "the image's server takes a file from tentacle_client into its volume" \
        bash -c "tentacle_client -a 127.0.0.1 -p '$port' '$work/$name' && cmp -s '$work/$name' '$work/rootfs/var/spool/pandora/data_in/$name'"
    kill "$server_pid"
    wait "$server_pid" 2>/dev/null
    server_pid=""
    umount "$work/rootfs/proc"
else
    echo "SKIP: cannot mount /proc here, the image's server is not run"
fi

finish
