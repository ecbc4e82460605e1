#!/usr/bin/env bash
# Local stand-ins for the official images the compose files name, for CI only: no container
# registry is reachable from our machines, so nothing can be pulled. Each is built from
# Debian's packages (debootstrap --variant=minbase bookworm, then docker import):
#
#   news-ci/python:3.11-bookworm  for python:3.11-slim-bookworm (Debian's Python 3.11 in a
#                                 venv at /opt/venv, first on PATH, as /usr/local/bin is in
#                                 the official image; pip reaches the package index with
#                                 the host's CA certificates and pip settings)
#   news-ci/postgres:15           for postgres:16 (Debian's PostgreSQL 15: bookworm has no 16)
#   news-ci/redis:7               for redis:7
#   news-ci/nginx:1               for nginx:1.28 (Debian's nginx 1.22, with curl as the official image)
#   news-ci/mailpit:1             for axllent/mailpit (aiosmtpd in the Python stand-in: it
#                                 accepts mail on 1025 and logs it; no web page)
#
# deploy/ci/compose.ci.yml and compose.scale.ci.yml put them in place of the official ones;
# what users run is unchanged. The root filesystems are cached as tarballs in $STANDIN_CACHE
# (default ~/.cache/news-compose, outside the clone so a fresh clone finds them), keyed by a
# hash of their recipe; an image already in the engine under that hash is reused as it is.
set -euo pipefail
cd "$(dirname "$0")"

MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${STANDIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/news-compose}
PYTHON_PACKAGES=python3,python3-venv,ca-certificates
SERVICE_PACKAGES=postgresql-15,redis-server,nginx,curl
# What the official python image sets: its interpreter first on PATH, a UTF-8 locale.
PYTHON_IMAGE_CHANGES=(
  --change 'ENV PATH=/opt/venv/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  --change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]'
)
mkdir -p "$CACHE"

# What the host's pip trusts and how it is set up: copied into the Python stand-in.
host_pip_files() {
  local file
  for file in /usr/local/share/ca-certificates/*.crt /etc/pip.conf /etc/xdg/pip/*; do
    [[ -f $file ]] && echo "$file"
  done
  return 0
}

recipe_hash() {  # recipe_hash NAME: changes when anything that shapes that root file system does
  {
    echo "$1 $MIRROR $([[ $1 == python ]] && echo "$PYTHON_PACKAGES" || echo "$SERVICE_PACKAGES")"
    declare -f make_rootfs
    if [[ $1 == python ]]; then
      echo "${PYTHON_IMAGE_CHANGES[*]}"
      host_pip_files | while read -r file; do echo "$file"; cat "$file"; done
    fi
  } | sha256sum | cut -c1-12
}

make_rootfs() {  # make_rootfs NAME DIR: debootstrap, then NAME's own touches
  local name=$1 dir=$2 packages
  packages=$([[ $name == python ]] && echo "$PYTHON_PACKAGES" || echo "$SERVICE_PACKAGES")
  debootstrap --variant=minbase --include="$packages" bookworm "$dir" "$MIRROR" \
    >"$dir.log" 2>&1 || { tail -n 20 "$dir.log"; return 1; }
  if [[ $name == python ]]; then
    host_pip_files | while read -r file; do
      mkdir -p "$dir$(dirname "$file")" && cp "$file" "$dir$file"
    done
    chroot "$dir" update-ca-certificates >/dev/null 2>&1
    chroot "$dir" python3 -m venv /opt/venv
  else
    # The package's own cluster: the entrypoint makes one in $PGDATA instead.
    rm -rf "$dir/var/lib/postgresql/15" "$dir/etc/postgresql/15"
  fi
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/* "$dir.log"
}

import_rootfs() {  # import_rootfs NAME IMAGE: from the cached tarball, made first if missing
  local name=$1 image=$2 tarball dir
  tarball="$CACHE/rootfs-$name-${image##*-}.tar"
  if [[ ! -s $tarball ]]; then
    dir=$(mktemp -d "$CACHE/build-$name.XXXXXX")
    echo "debootstrap bookworm for $name ($MIRROR)"
    make_rootfs "$name" "$dir/root"
    tar -C "$dir/root" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    rm -rf "$dir"
    # Older tarballs of this root file system are stale now.
    find "$CACHE" -maxdepth 1 -name "rootfs-$name-*.tar" ! -name "${tarball##*/}" -delete
  fi
  local changes=()
  [[ $name == python ]] && changes=("${PYTHON_IMAGE_CHANGES[@]}")
  docker import "${changes[@]}" "$tarball" "$image" >/dev/null
  echo "imported $image from $tarball"
}

ensure_rootfs() {  # ensure_rootfs NAME: prints the image name holding that root file system
  local image
  image="news-ci/rootfs-$1:bookworm-$(recipe_hash "$1")"
  if ! docker image inspect "$image" >/dev/null 2>&1; then
    import_rootfs "$1" "$image" >&2
    # Earlier recipes' images are stale now (what was built on them is rebuilt).
    docker image ls "news-ci/rootfs-$1" --format '{{.Repository}}:{{.Tag}}' | grep -vxF "$image" |
      xargs -r docker rmi >/dev/null 2>&1 || true
  fi
  echo "$image"
}

start=$SECONDS
# The two root file systems are independent: make them side by side (mostly downloads).
ensure_rootfs python >"$CACHE/python.image" &
python_job=$!
services=$(ensure_rootfs services)
wait "$python_job"
docker tag "$(cat "$CACHE/python.image")" news-ci/python:3.11-bookworm
for standin in postgres:15 redis:7 nginx:1; do
  # Quiet unless it fails (the legacy builder warns of its deprecation every time).
  log=$(docker build --build-arg BASE="$services" --tag "news-ci/$standin" \
    --file "standins/${standin%%:*}.Dockerfile" standins 2>&1) || { echo "$log"; exit 1; }
done
log=$(docker build --build-arg BASE=news-ci/python:3.11-bookworm --tag news-ci/mailpit:1 \
  --file standins/mailpit.Dockerfile standins 2>&1) || { echo "$log"; exit 1; }
echo "stand-in images ready in $((SECONDS - start))s:" \
  "news-ci/python:3.11-bookworm news-ci/postgres:15 news-ci/redis:7 news-ci/nginx:1" \
  "news-ci/mailpit:1"
