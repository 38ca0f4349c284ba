#!/usr/bin/env bash
# A local Label Studio for jazba reviewers, in its own virtualenv (it pins pytz against our dateparser).
#
#   bash scripts/labelstudio.sh install   # virtualenv $LS_VENV (default .venv-labelstudio) with label-studio 1.23
#   bash scripts/labelstudio.sh start     # headless on 127.0.0.1:$LS_PORT (default 8080); prints URL and credentials
#
# Environment: LS_VENV, PYTHON (for install), LS_PORT, LS_DATA_DIR (default annotations/labelstudio),
# LS_USERNAME, LS_PASSWORD, LS_TOKEN (generated on first start and kept in $LS_DATA_DIR/credentials.env).
set -euo pipefail

LS_VENV=${LS_VENV:-.venv-labelstudio}
PYTHON=${PYTHON:-python3}
LS_VERSION='label-studio==1.23.*'

die() { echo "labelstudio.sh: $*" >&2; exit 1; }

install_ls() {
    if [ ! -x "$LS_VENV/bin/python" ]; then
        "$PYTHON" -m venv "$LS_VENV" || die "could not create a virtualenv at $LS_VENV with $PYTHON"
    fi
    "$LS_VENV/bin/pip" install -q --upgrade pip
    "$LS_VENV/bin/pip" install -q "$LS_VERSION" || die "pip could not install $LS_VERSION into $LS_VENV"
    echo "Label Studio $("$LS_VENV/bin/python" -c 'import label_studio; print(label_studio.__version__)') installed in $LS_VENV"
}

random_hex() { "$PYTHON" -c "import secrets, sys; print(secrets.token_hex(int(sys.argv[1])))" "$1"; }

start_ls() {
    [ -x "$LS_VENV/bin/label-studio" ] || die "no Label Studio in $LS_VENV: run \`make labelstudio\` (or \`bash $0 install\`) first"
    local port=${LS_PORT:-8080}
    local data=${LS_DATA_DIR:-annotations/labelstudio}
    mkdir -p "$data"
    data=$(cd "$data" && pwd)
    local creds="$data/credentials.env"
    # The admin user and token are created on the first start only: keep them for every later start.
    if [ -f "$creds" ]; then
        # shellcheck disable=SC1090
        . "$creds"
    fi
    LS_USERNAME=${LS_USERNAME:-reviewer@jazba.local}
    LS_PASSWORD=${LS_PASSWORD:-$(random_hex 8)}
    LS_TOKEN=${LS_TOKEN:-$(random_hex 20)}
    umask 077
    printf 'LS_USERNAME=%q\nLS_PASSWORD=%q\nLS_TOKEN=%q\n' "$LS_USERNAME" "$LS_PASSWORD" "$LS_TOKEN" > "$creds"

    export LABEL_STUDIO_USERNAME="$LS_USERNAME" LABEL_STUDIO_PASSWORD="$LS_PASSWORD"
    export LABEL_STUDIO_USER_TOKEN="$LS_TOKEN" LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN=true
    export LABEL_STUDIO_BASE_DATA_DIR="$data"
    export LATEST_VERSION_CHECK=false COLLECT_ANALYTICS=false SENTRY_DSN= FRONTEND_SENTRY_DSN=

    cat <<INFO
Label Studio (headless) starting on http://127.0.0.1:$port  (first start migrates its database: ~1 min)
  data:     $data
  login:    $LS_USERNAME
  password: $LS_PASSWORD
  API key:  $LS_TOKEN
For jazba:
  export LABEL_STUDIO_URL=http://127.0.0.1:$port LABEL_STUDIO_API_KEY=$LS_TOKEN
  jazba review push --threshold 0.9
INFO
    exec "$LS_VENV/bin/label-studio" start --no-browser --internal-host 127.0.0.1 --port "$port" --data-dir "$data"
}

case "${1:-}" in
    install) install_ls ;;
    start) start_ls ;;
    *) die "usage: $0 install|start  (see the comment at the top of the script)" ;;
esac
