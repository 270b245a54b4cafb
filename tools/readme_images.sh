#!/usr/bin/env bash
# The README's page images, drawn by letterpress itself (`render --format png`): page 1 of
# termination-pl at 75 dpi, and page 1 of one example per bundled letterhead at 50 dpi.
# Run from anywhere after changing how pages look: tools/readme_images.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q -p letterpress-cli
lp() { cargo run -q -p letterpress-cli -- "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
page1() { # EXAMPLE DPI OUT
  lp render "examples/$1.yaml" --dpi "$2" -o "$tmp/$1-{p}.png"
  cp "$tmp/$1-1.png" "$3"
}
page1 termination-pl 75 docs/termination-pl-page1.png
page1 termination-pl 50 docs/letterhead-nowak-pr.png
page1 legal-notice-de 50 docs/letterhead-hartmann-legal.png
page1 long-us 50 docs/letterhead-brightline-us.png
page1 bench-pl 50 docs/letterhead-nordwerk.png
ls -l docs/*.png
