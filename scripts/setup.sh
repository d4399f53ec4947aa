#!/usr/bin/env bash
# Installs what the toolkit needs on a fresh machine: Debian packages (only those missing) and the
# npm packages (which also builds the workspace packages through the root "prepare" script).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
# Debian packages the tests need, with the file that proves each is installed.
declare -A apt_packages=(
  [dataset-fashion-mnist]=/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz
  [chromium]=/usr/bin/chromium
  [redis-server]=/usr/bin/redis-server
  [python3-pandas]=/usr/lib/python3/dist-packages/pandas/__init__.py
)
for pkg in "${!apt_packages[@]}"; do
  [ -e "${apt_packages[$pkg]}" ] || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
  else
    echo "setup: please install the Debian packages: ${need[*]} (sudo apt-get install ${need[*]})" >&2
  fi
fi
# npm ci installs exactly the lock file (which lists every platform's optional prebuilt packages),
# so every machine gets the same tree; dependencies' install scripts stay off (package.json's
# allowScripts), so nothing is compiled.
npm ci --no-audit --no-fund
echo "setup: done. Run the command line as node_modules/.bin/ftg, or put it on PATH for this shell:" >&2
echo "  export PATH=\"$PWD/node_modules/.bin:\$PATH\"   # then: ftg examples, ftg solve examples/figure-4.yaml" >&2
