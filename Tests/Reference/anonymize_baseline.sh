#!/usr/bin/env bash
# Side-by-side throughput of `medsynth anonymize` and Kitware's dicom-anonymizer (PyPI).
#
# Runs hyperfine on one DICOM archive with two commands:
#   dicom-anonymizer  the pinned PyPI release, default rules (PS3.15 Basic profile table of
#                     2023, private tags removed, UIDs remapped within the run), walking the
#                     archive in one Python process (see below)
#   medsynth          `medsynth anonymize ARCHIVE -o OUT --key-file KEY --log LOG --json J`
#                     (full Basic profile, keyed UID remapping, per-file audit log)
# and prints, from hyperfine's JSON, each median, files per second and the speed ratio.
#
# dicom-anonymizer's CLI (`dicom-anonymizer IN OUT`) reads only the files directly inside IN
# (os.listdir, no recursion) and exits 0 having done nothing when IN holds only folders. So the
# anchor walks the archive in one interpreter and calls the package's own per-file function
# (dicomanonymizer.simpledicomanonymizer.anonymize_dicom_file, as its CLI does, with the same
# defaults), keeping the relative folders. One process also keeps its UID map (a per-process
# dict) consistent across series folders. With ANCHOR=cli the script instead runs the real CLI
# once per folder that holds files (one interpreter start per folder, UIDs remapped per folder).
#
# Nothing is built: medsynth must already be built (swift build -c release). Without a
# medsynth that has the `anonymize` subcommand, only the dicom-anonymizer half runs.
#
# Usage:  Tests/Reference/anonymize_baseline.sh ARCHIVE RESULT.json
#   ARCHIVE      folder of DICOM files (any depth), e.g. the OUT/archive of `medsynth demo-data`
#   RESULT.json  where hyperfine's JSON export goes
# Environment (all optional):
#   MEDSYNTH  medsynth executable (default .build/release/medsynth in the repository)
#   VENV      venv holding dicom-anonymizer; created with python3 -m venv and given the pinned
#             release and pydicom 3.0.2 (and tqdm) if it lacks them (default
#             ${XDG_CACHE_HOME:-~/.cache}/medsynth/venv-dicom-anonymizer-2.1.0). A venv of its own
#             keeps the anchor's start-up lean: in a venv that also holds numpy and friends,
#             importing pydicom costs about 0.25 s more per run.
#   WORK      scratch folder for outputs, key and logs (default a fresh mktemp -d, removed at
#             the end; must not be inside ARCHIVE)
#   RUNS      hyperfine runs per command (default 5); WARMUP warm-up runs (default 1)
#   JOBS      medsynth --jobs (default: medsynth's own, one worker per core)
#   ANCHOR    walk (default) or cli, see above
# Example:
#   medsynth demo-data --out /tmp/demo --patients 4 --slices2d 0
#   Tests/Reference/anonymize_baseline.sh /tmp/demo/archive /tmp/anonymize-bench.json
set -euo pipefail

DICOM_ANONYMIZER_VERSION=2.1.0
PYDICOM_VERSION=3.0.2
TARGET_RATIO=10

if [ $# -ne 2 ]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
    exit 2
fi
root=$(cd "$(dirname "$0")/../.." && pwd)
archive=$(cd "$1" && pwd)
result=$2
case "$result" in /*) ;; *) result="$PWD/$result" ;; esac
runs=${RUNS:-5}
warmup=${WARMUP:-1}
anchor_mode=${ANCHOR:-walk}
case "$anchor_mode" in walk|cli) ;; *) echo "ANCHOR must be walk or cli, not '$anchor_mode'" >&2; exit 2 ;; esac
command -v hyperfine >/dev/null || { echo "hyperfine not found: apt-get install hyperfine" >&2; exit 1; }

# --- the venv with the pinned dicom-anonymizer ------------------------------------------------
VENV=${VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/medsynth/venv-dicom-anonymizer-$DICOM_ANONYMIZER_VERSION}
if [ ! -x "$VENV/bin/python" ]; then
    echo "creating venv $VENV" >&2
    mkdir -p "$(dirname "$VENV")"
    python3 -m venv "$VENV" || { echo "python3 -m venv failed: apt-get install python3-venv, or set VENV" >&2; exit 1; }
fi
python="$VENV/bin/python"
installed=$("$python" -c 'from importlib import metadata as m; print(m.version("dicom-anonymizer"), m.version("pydicom"))' 2>/dev/null || true)
if [ "$installed" != "$DICOM_ANONYMIZER_VERSION $PYDICOM_VERSION" ]; then
    echo "installing dicom-anonymizer==$DICOM_ANONYMIZER_VERSION pydicom==$PYDICOM_VERSION into $VENV (found '${installed:-none}')" >&2
    "$python" -m pip install --quiet "dicom-anonymizer==$DICOM_ANONYMIZER_VERSION" "pydicom==$PYDICOM_VERSION"
fi
[ -x "$VENV/bin/dicom-anonymizer" ] || { echo "$VENV/bin/dicom-anonymizer missing after install" >&2; exit 1; }

# --- medsynth ---------------------------------------------------------------------------------
medsynth=${MEDSYNTH:-$root/.build/release/medsynth}
with_medsynth=1
if [ ! -x "$medsynth" ]; then
    echo "warning: no medsynth at $medsynth (build it, or set MEDSYNTH): timing dicom-anonymizer only" >&2
    with_medsynth=0
elif ! "$medsynth" anonymize --help >/dev/null 2>&1; then
    echo "warning: $medsynth has no anonymize subcommand: timing dicom-anonymizer only" >&2
    with_medsynth=0
fi

# --- scratch ----------------------------------------------------------------------------------
if [ -z "${WORK:-}" ]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/anonymize-baseline.XXXXXX")
    trap 'rm -rf "$work"' EXIT
else
    mkdir -p "$WORK"
    work=$(cd "$WORK" && pwd)
fi
case "$work/" in "$archive"/*) echo "WORK ($work) must not be inside ARCHIVE ($archive)" >&2; exit 2 ;; esac

cat >"$work/da_walk.py" <<'PY'
"""Anonymize every DICOM file under SRC into DST (same relative paths) with dicom-anonymizer's
own per-file function and CLI defaults, in one process."""
import os
import sys

from dicomanonymizer.anonymizer import isDICOMType
from dicomanonymizer.simpledicomanonymizer import anonymize_dicom_file

src, dst = sys.argv[1], sys.argv[2]
count = 0
for folder, subfolders, names in os.walk(src):
    subfolders.sort()
    target = os.path.join(dst, os.path.relpath(folder, src))
    for name in sorted(names):
        path = os.path.join(folder, name)
        if not isDICOMType(path):
            continue
        os.makedirs(target, exist_ok=True)
        # extra rules none, private tags deleted: what `dicom-anonymizer IN OUT` does per file.
        anonymize_dicom_file(path, os.path.join(target, name), {}, True)
        count += 1
print(f"dicom-anonymizer: {count} files", file=sys.stderr)
PY

cat >"$work/da_cli.sh" <<'SH'
#!/usr/bin/env bash
# The real CLI once per folder holding files (it does not recurse).
set -euo pipefail
src=$1 dst=$2 cli=$3
find "$src" -type f -printf '%h\n' | sort -u | while IFS= read -r folder; do
    rel=${folder#"$src"}
    mkdir -p "$dst$rel"
    "$cli" "$folder" "$dst$rel"
done
SH
chmod +x "$work/da_cli.sh"

count=$("$python" - "$archive" <<'PY'
import os, sys
n = 0
for folder, _, names in os.walk(sys.argv[1]):
    for name in names:
        try:
            with open(os.path.join(folder, name), "rb") as f:
                f.seek(128)
                n += f.read(4) == b"DICM"
        except OSError:
            pass
print(n)
PY
)
size=$(du -sm "$archive" | cut -f1)
[ "$count" -gt 0 ] || { echo "no DICOM (Part 10) files under $archive" >&2; exit 1; }
echo "archive: $archive ($count DICOM files, $size MB); scratch: $work" >&2

da_out="$work/out-da"
if [ "$anchor_mode" = walk ]; then
    da_cmd="'$python' '$work/da_walk.py' '$archive' '$da_out'"
else
    da_cmd="'$work/da_cli.sh' '$archive' '$da_out' '$VENV/bin/dicom-anonymizer'"
fi
args=(--warmup "$warmup" --runs "$runs" --export-json "$result"
      --prepare "rm -rf '$da_out'" --command-name "dicom-anonymizer $DICOM_ANONYMIZER_VERSION ($anchor_mode)" "$da_cmd")

ms_out="$work/out-ms"
if [ "$with_medsynth" = 1 ]; then
    jobs_flag=""
    [ -n "${JOBS:-}" ] && jobs_flag="--jobs $JOBS"
    # Exit 1 means some files went to quarantine (e.g. screenshots with burned-in text): still a
    # completed run. 2 (could not start) or a crash fails the benchmark.
    ms_cmd="'$medsynth' anonymize '$archive' -o '$ms_out' --key-file '$work/site.key' --create-key $jobs_flag --log '$work/ms-log.jsonl' --json '$work/ms-summary.json'; test \$? -le 1"
    args+=(--prepare "rm -rf '$ms_out' '$ms_out-quarantine' '$ms_out-tmp' '$ms_out-log.jsonl' '$work/ms-log.jsonl' '$work/ms-summary.json'"
           --command-name "medsynth anonymize" "$ms_cmd")
fi

hyperfine "${args[@]}"

# The last run's outputs are still there: count them.
da_files=$(find "$da_out" -type f | wc -l)
echo "dicom-anonymizer wrote $da_files of $count files" >&2
if [ "$with_medsynth" = 1 ]; then
    ms_files=$(find "$ms_out" -type f -name '*.dcm' 2>/dev/null | wc -l)
    quarantined=$(find "$ms_out-quarantine" -type f 2>/dev/null | wc -l)
    echo "medsynth wrote $ms_files of $count files, $quarantined in quarantine; log $(wc -l <"$work/ms-log.jsonl" 2>/dev/null || echo 0) lines" >&2
fi

# Peak memory: one more run of each under /usr/bin/time (max resident set size).
rss_da="" rss_ms=""
if [ -x /usr/bin/time ]; then
    rm -rf "$da_out"
    /usr/bin/time -o "$work/da.rss" -f '%M' bash -c "$da_cmd" >/dev/null 2>&1 || true
    rss_da=$(tail -n1 "$work/da.rss")
    if [ "$with_medsynth" = 1 ]; then
        rm -rf "$ms_out" "$ms_out-quarantine" "$ms_out-tmp" "$work/ms-log.jsonl" "$work/ms-summary.json"
        /usr/bin/time -o "$work/ms.rss" -f '%M' bash -c "$ms_cmd" >/dev/null 2>&1 || true
        rss_ms=$(tail -n1 "$work/ms.rss")
    fi
fi

"$python" - "$result" "$count" "$size" "$TARGET_RATIO" "$rss_da" "$rss_ms" <<'PY'
import json, sys
result, count, size, target = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
rss = sys.argv[5:7]
rows = json.load(open(result))["results"]
print(f"\n{count} files, {size:.0f} MB")
for i, r in enumerate(rows):
    peak = f", peak RSS {int(rss[i]) / 1024:.0f} MB" if i < len(rss) and rss[i].isdigit() else ""
    print(f"  {r['command']:<40} median {r['median']:7.3f} s  {count / r['median']:8.1f} files/s  "
          f"{size / r['median']:7.1f} MB/s  (mean user {r['user']:.2f} s, sys {r['system']:.2f} s{peak})")
if len(rows) == 2:
    ratio = rows[0]["median"] / rows[1]["median"]
    verdict = "met" if ratio >= target else "NOT met"
    print(f"  medsynth / dicom-anonymizer files per second: {ratio:.1f}x (target {target:.0f}x: {verdict})")
PY
