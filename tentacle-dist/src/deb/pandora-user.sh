# The pandora system user and group (Pandora FMS's own packages use the same names), and the
# spool they own. Nothing is changed when they exist already.
if ! getent group pandora >/dev/null; then
    addgroup --system --quiet pandora
fi
if ! getent passwd pandora >/dev/null; then
    adduser --system --quiet --ingroup pandora --no-create-home --home /nonexistent \
        --shell /usr/sbin/nologin --gecos "Pandora FMS" pandora
fi
if [ ! -d /var/spool/pandora/data_in ]; then
    mkdir -p /var/spool/pandora/data_in
    chown pandora:pandora /var/spool/pandora /var/spool/pandora/data_in
    chmod 0770 /var/spool/pandora/data_in
fi
