#!/usr/bin/env bash
# `kdual run -o html` on a case whose recorded answer was altered: one
# self-contained page (no scripts, no outside links), well formed, with the
# failing case's mismatch as expected | got and its file folded beneath;
# where Chromium is installed, rendered headless: a screenshot, and the
# rendered DOM holds both sides.
#
# Usage: html_report_test.sh KDUAL SOURCE_DIR
set -uo pipefail
kdual=${1:?usage: html_report_test.sh KDUAL SOURCE_DIR}
src=${2:?usage: html_report_test.sh KDUAL SOURCE_DIR}
work=$(mktemp -d "${TMPDIR:-/tmp}/kdual-html.XXXXXX")
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/cases"
cp "$src/golden/1.33/nodeipam/ipv4-one-node.yaml" "$work/cases/"
cp "$src/golden/1.33/nodeipamflags/two-ipv4.yaml" "$work/cases/"
sed -i 's|podCIDR: 10.244.0.0/24|podCIDR: 10.244.9.0/24|' "$work/cases/ipv4-one-node.yaml"
"$kdual" run -o html "$work/cases" >"$work/report.html"
rc=$?
if [ "$rc" != 1 ]; then
  echo "FAIL kdual run -o html exited $rc, wanted 1 (a failing case)"
  exit 1
fi
python3 - "$work/report.html" <<'PY'
import sys
from html.parser import HTMLParser

VOID = {"meta", "br", "img", "hr", "input", "link"}
class Check(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.problems, self.cells, self.outside = [], [], [], []
        self.cell = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.problems.append("a script")
        for k in ("src", "href"):
            if k in a and not a[k].startswith("#"):
                self.outside.append(a[k])
        if tag == "td" and a.get("class") in ("exp", "got"):
            self.cell = [a["class"], ""]
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append("</%s> closes %s" % (tag, self.stack[-1] if self.stack else "nothing"))
        else:
            self.stack.pop()
        if tag == "td" and self.cell:
            self.cells.append(tuple(self.cell))
            self.cell = None
    def handle_data(self, data):
        if self.cell:
            self.cell[1] += data

c = Check()
c.feed(open(sys.argv[1]).read())
checks = {
    "well formed": not c.problems and not c.stack,
    "self-contained": not c.outside,
    "expected side": ("exp", '"10.244.9.0/24"') in c.cells,
    "got side": ("got", '"10.244.0.0/24"') in c.cells,
    "the case file is folded in": "<details><summary>the case:" in open(sys.argv[1]).read(),
    "the summary": "1 passed" in open(sys.argv[1]).read() and "1 failed" in open(sys.argv[1]).read(),
}
failed = False
for name, ok in checks.items():
    print(("ok   " if ok else "FAIL ") + name)
    failed |= not ok
if c.problems or c.outside:
    print("     problems:", c.problems[:5], "outside:", c.outside[:5])
sys.exit(1 if failed else 0)
PY
rc=$?
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "skipped: no Chromium for the rendering checks"
  exit "$rc"
fi
flags=(--headless --no-sandbox --disable-gpu "--window-size=1280,900")
timeout 120 "$browser" "${flags[@]}" --screenshot="$work/shot.png" "file://$work/report.html" >/dev/null 2>&1
if [ "$(head -c 8 "$work/shot.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
   [ "$(stat -c %s "$work/shot.png")" -gt 10000 ]; then
  echo "ok   Chromium renders a screenshot"
else
  echo "FAIL Chromium rendered no screenshot"
  rc=1
fi
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$work/report.html" 2>/dev/null >"$work/dom.html"
if grep -q '<td class="exp"><code>"10.244.9.0/24"</code></td>' "$work/dom.html" &&
   grep -q '<td class="got"><code>"10.244.0.0/24"</code></td>' "$work/dom.html"; then
  echo "ok   the rendered DOM holds both sides"
else
  echo "FAIL the rendered DOM lacks the mismatch cells"
  rc=1
fi
exit "$rc"
