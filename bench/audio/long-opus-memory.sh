#!/usr/bin/env bash
# The memory bound of issue 5: a 2-hour 48 kHz stereo Ogg Opus call must import with peak RSS under
# 300 MB. Generates the recording (about a minute with ffmpeg), analyses it in a child process exactly as
# import does, built as the app ships (bundle.ts), and fails if the peak RSS is over the bound. Not part of
# `npm test` (it takes minutes).
# usage: bench/audio/long-opus-memory.sh [seconds=7200] [work-dir=/tmp/turnscope-bench-audio]
set -euo pipefail
secs="${1:-7200}"
dir="${2:-/tmp/turnscope-bench-audio}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$dir"
file="$dir/long-${secs}s.opus"
[ -f "$file" ] || "$root/bench/audio/make-long.sh" "$secs" opus "$file"
echo "recording: $file ($(du -h "$file" | cut -f1))"
entry="$(cd "$root" && node --import tsx bench/audio/bundle.ts analyze-one)"
result="$(cd "$root" && node "$entry" "$file")"
echo "$result"
rss="$(node -e "console.log(JSON.parse(process.argv[1]).maxRssMb)" "$result")"
if [ "$rss" -ge 300 ]; then
  echo "FAIL: peak RSS ${rss} MB is over the 300 MB bound" >&2
  exit 1
fi
echo "OK: peak RSS ${rss} MB (bound 300 MB)"
