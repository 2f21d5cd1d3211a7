#!/usr/bin/env bash
# First step of `npm test`: the system packages the tests need, which npm cannot install.
# Debian's Chromium drives the browser tests, the Noto CJK fonts make its screenshots show Chinese
# instead of boxes, `faketime` runs the date runs (scripts/test-dates.sh), and `ffmpeg` turns the
# camera tests' barcode images into the video Chromium plays as a fake camera. As root (CI, a fresh
# machine) it installs what is missing; anyone else gets one line saying what to run. When all is
# there it only looks, in a few milliseconds.
set -euo pipefail

PACKAGES="chromium fonts-noto-cjk faketime ffmpeg"
missing=()

[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
# fc-list comes with fontconfig, which a bare machine may lack: the font file itself also counts.
if ! { fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; } && ! compgen -G "/usr/share/fonts/opentype/noto/NotoSansCJK*" >/dev/null; then
  missing+=(fonts-noto-cjk)
fi
command -v faketime >/dev/null 2>&1 || missing+=(faketime)
command -v "${FFMPEG_PATH:-ffmpeg}" >/dev/null 2>&1 || missing+=(ffmpeg)

[ ${#missing[@]} -eq 0 ] && exit 0

install="apt-get update && apt-get install -y --no-install-recommends $PACKAGES"
if [ "${TEST_SETUP_UID:-$(id -u)}" != 0 ]; then
  echo "npm test needs ${missing[*]}: run  sudo sh -c '$install'  then npm test again." >&2
  exit 1
fi

echo "test set-up: installing ${missing[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
