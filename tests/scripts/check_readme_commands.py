#!/usr/bin/env python3
"""Runs every `ergraph` command line of the README's code blocks.

    check_readme_commands.py ERGRAPH SOURCE_DIR

A command line is a line of a fenced code block whose first word is
`ergraph` (after a `$ ` prompt), joined with the lines a trailing `\\`
continues, less a trailing `# comment`. Each runs with bash in a fresh
temporary folder where graphs/ is a link to the source tree's (so nothing
in the tree changes), with ERGRAPH on the PATH as `ergraph`. It fails when
a command exits with another status than the one documented (0 unless
EXPECT says otherwise), or writes a file whose first bytes do not match
its extension (PNG, %PDF, <svg or <?xml, <!DOCTYPE html, digraph/graph).
SKIP names the lines that are not run, each with its reason; an entry
that matches no line fails too, so the list cannot rot.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# (pattern matched against the whole command line, reason)
SKIP = [
    (r"^ergraph (validate|load|dot|index) .*\s\d+\.\d+\s+\d+\.\d+x",
     "a row of a benchmark's table of results, not a command"),
    (r"^ergraph (validate|dot|render|verify|show|path|neighbors|stats|list|export|import|serve|index)"
     r" .*(\.\.\.|\[|CORPUS)",
     "a line of the commands' synopsis (placeholders such as FILE... and [OPTIONS]), "
     "not a command"),
    (r"^ergraph -V \| --version$", "synopsis: the two spellings of one option"),
    (r"^ergraph serve graphs/\*\.json$",
     "runs a web server until Ctrl-C (cli.serve_http and cli.serve_browser test it)"),
    (r"^ergraph import csv --entities people\.csv --relationships ties\.csv",
     "needs the reader's own people.csv and ties.csv (shown for its error messages; "
     "cli.import_csv tests the importer)"),
    (r"^ergraph validate story\.json$", "the file that the reader's own import above made"),
    (r"^ergraph validate +wall \(s\)", "the header row of a benchmark's table, not a command"),
]

# Documented exit statuses other than 0: (pattern, status).
EXPECT = []

MAGIC = {
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".pdf": [b"%PDF-"],
    ".svg": [b"<svg", b"<?xml"],
    ".html": [b"<!DOCTYPE html"],
    ".dot": [b"digraph", b"graph", b"strict"],
    ".gv": [b"digraph", b"graph", b"strict"],
    ".gexf": [b"<?xml"],
    ".graphml": [b"<?xml"],
    ".json": [b"{", b"["],
}


def commands(readme):
    """(line number, block number, command) for each command line of the code
    blocks. The commands of one block run in order in one folder, as a reader
    types them: a block is a session."""
    out = []
    in_block = False
    block = 0
    lines = readme.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("```"):
            in_block = not in_block
            block += 1
            i += 1
            continue
        if in_block:
            s = line.strip()
            if s.startswith("$ "):
                s = s[2:]
            if re.match(r"ergraph(\s|$)", s):
                start = i + 1
                while s.endswith("\\") and i + 1 < len(lines):
                    i += 1
                    s = s[:-1] + " " + lines[i].strip()
                # A trailing comment (" # ..."), not a '#' inside a word.
                s = re.sub(r"\s+#\s.*$", "", s).strip()
                out.append((start, block, s))
        i += 1
    return out


def files_under(top):
    found = {}
    for root, dirs, files in os.walk(top):
        if root == top and "graphs" in dirs:
            dirs.remove("graphs")
        for f in files:
            p = os.path.join(root, f)
            st = os.stat(p)
            found[p] = (st.st_mtime_ns, st.st_size)
    return found


def check_magic(path):
    ext = os.path.splitext(path)[1].lower()
    if ext not in MAGIC:
        return None
    with open(path, "rb") as f:
        head = f.read(64).lstrip()
    if any(head.startswith(m) for m in MAGIC[ext]):
        return None
    return "%s starts with %r, not what a %s file starts with" % (
        os.path.basename(path), head[:16], ext)


def main():
    ergraph, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with open(os.path.join(src, "README.md"), encoding="utf-8") as f:
        cmds = commands(f.read())
    used = [False] * len(SKIP)
    failures = []
    ran = skipped = 0
    bindir = tempfile.mkdtemp(prefix="erg-readme-bin-")
    try:
        os.symlink(ergraph, os.path.join(bindir, "ergraph"))
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
        work, work_block = None, None
        for lineno, block, cmd in cmds:
            reason = None
            for k, (pat, why) in enumerate(SKIP):
                if re.search(pat, cmd):
                    used[k] = True
                    reason = why
                    break
            if reason is not None:
                skipped += 1
                print("skip README.md:%d: %s\n    (%s)" % (lineno, cmd[:100], reason))
                continue
            expect = 0
            for pat, status in EXPECT:
                if re.search(pat, cmd):
                    expect = status
            if block != work_block:
                if work is not None:
                    shutil.rmtree(work, ignore_errors=True)
                work, work_block = tempfile.mkdtemp(prefix="erg-readme-"), block
                os.symlink(os.path.join(src, "graphs"), os.path.join(work, "graphs"))
            before = files_under(work)
            try:
                p = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=work, env=env,
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, timeout=120)
            except subprocess.TimeoutExpired:
                failures.append("README.md:%d: %s\n    ran past 120 s" % (lineno, cmd))
                continue
            ran += 1
            if p.returncode != expect:
                err = p.stderr.decode("utf-8", "replace").strip().splitlines()
                failures.append("README.md:%d: %s\n    exit %d, documented %d: %s" % (
                    lineno, cmd, p.returncode, expect, " / ".join(err[-3:])[:400]))
                continue
            after = files_under(work)
            written = [f for f in after if before.get(f) != after[f]]
            for path in sorted(written):
                bad = check_magic(path)
                if bad:
                    failures.append("README.md:%d: %s\n    %s" % (lineno, cmd, bad))
            print("ok   README.md:%d: %s%s" % (
                lineno, cmd[:100],
                " -> " + ", ".join(os.path.relpath(w, work) for w in sorted(written))
                if written else ""))
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
    finally:
        shutil.rmtree(bindir, ignore_errors=True)
    for k, (pat, why) in enumerate(SKIP):
        if not used[k]:
            failures.append("the skip entry %r (%s) matches no README command any more" % (pat, why))
    if ran == 0:
        failures.append("no README command ran")
    for f in failures:
        print("FAIL " + f)
    print("%d README commands run, %d skipped, %d failures" % (ran, skipped, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
