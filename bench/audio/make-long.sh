#!/usr/bin/env bash
# Makes a long two-party recording for the audio benchmarks: the 27 s planted test call (speech on both
# channels, echo, clipping, dead air) looped to the requested length, stereo (48 kHz unless told), in one codec.
# usage: make-long.sh <seconds> <wav|mp3|opus|vorbis|flac> <out-file> [sample rate, default 48000]
set -euo pipefail
secs="$1"; codec="$2"; out="$3"; rate="${4:-48000}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
seed="$(dirname "$out")/seed-call.wav"
if [ ! -f "$seed" ]; then
  (cd "$root" && node --import tsx -e "
    const { writeConversation } = await import('./tests/unit/audio/helpers/conversation.ts');
    const { plantedConversation } = await import('./tests/unit/audio/helpers/planted-call.ts');
    writeConversation('$seed', plantedConversation());
  ")
fi
loops=$(( secs / 27 + 1 ))
args=(-loglevel error -y -stream_loop "$loops" -i "$seed" -t "$secs" -ar "$rate" -ac 2)
case "$codec" in
  wav) ffmpeg "${args[@]}" -c:a pcm_s16le "$out" ;;
  mp3) ffmpeg "${args[@]}" -c:a libmp3lame -b:a 64k -f mp3 "$out" ;;
  opus) ffmpeg "${args[@]}" -c:a libopus -b:a 48k -f ogg "$out" ;;
  vorbis) ffmpeg "${args[@]}" -c:a libvorbis -q:a 2 -f ogg "$out" ;;
  flac) ffmpeg "${args[@]}" -c:a flac -f flac "$out" ;;
  *) echo "unknown codec $codec" >&2; exit 2 ;;
esac
