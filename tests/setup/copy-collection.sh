#!/usr/bin/env bash
# Copy the collection source (without venvs, build and test output) to DEST/ansible_collections/snapcenter/vsphere.
# Tools such as ansible-test and antsibull-docs resolve real paths, so a symlink does not do.
#   tests/setup/copy-collection.sh DEST [SOURCE]     (prints the collection directory)
set -euo pipefail
dest=$1
source_dir=$(cd "${2:-$(dirname "$0")/../..}" && pwd)
collection="$dest/ansible_collections/snapcenter/vsphere"
# A fresh copy each time (tar: present everywhere, unlike rsync), so deleted files do not linger.
rm -rf "$collection"
mkdir -p "$collection"
tar -C "$source_dir" -cf - \
    --exclude=./.git --exclude=./.ansible --exclude=./.venv --exclude=./.venvs --exclude=./.build --exclude=./.sim \
    --exclude=./tests/output --exclude=./reports --exclude=./context --exclude=./dist \
    --exclude=.cache --exclude=.hypothesis --exclude=.pytest_cache --exclude=__pycache__ \
    --exclude='*.pyc' --exclude='*.tar.gz' . | tar -C "$collection" -xf -
cd "$collection" && pwd
