#!/usr/bin/env bash
# Placeholder until the search node lands (issue #3): nothing to start yet.
echo "[search-node] not set up yet" >&2
