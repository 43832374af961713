#!/usr/bin/python3
"""The neo4j-admin command that `ergraph export -f neo4j` prints, read as
neo4j-admin 5 reads its command line (picocli, as its documentation gives
the synopsis):

  neo4j-admin database import full [OPTIONS] [--nodes=[<label>...=]<files>...]...
      [--relationships=[<type>=]<files>...]... <database>

From 5.19 on, --nodes and --relationships take every following word that is
not an option as one more file, so the database must not come after them.

    check_neo4j_command.py ERGRAPH SRC WORKDIR
"""
import os
import shlex
import subprocess
import sys

# The options of `neo4j-admin database import full` in the Neo4j 5 manual.
OPTIONS = {
    "--additional-config", "--array-delimiter", "--auto-skip-subsequent-headers",
    "--bad-tolerance", "--delimiter", "--expand-commands", "--high-parallel-io", "--id-type",
    "--ignore-empty-strings", "--ignore-extra-columns", "--input-encoding",
    "--legacy-style-quoting", "--max-off-heap-memory", "--multiline-fields",
    "--normalize-types", "--overwrite-destination", "--quote", "--read-buffer-size",
    "--report-file", "--schema", "--skip-bad-entries-logging", "--skip-bad-relationships",
    "--skip-duplicate-nodes", "--strict", "--threads", "--trim-strings", "--verbose",
    "--nodes", "--relationships",
}

failures = []


def parse(command):
    """The database (positional) words, the node and relationship files, and
    the other options, as neo4j-admin 5.19+ sees them."""
    words = shlex.split(command)
    if words[:4] != ["neo4j-admin", "database", "import", "full"]:
        raise ValueError(f"not `neo4j-admin database import full`: {words[:4]}")
    positional, files, options = [], {"--nodes": [], "--relationships": []}, {}
    taking = None
    for w in words[4:]:
        if w.startswith("--"):
            name, _, value = w.partition("=")
            if name not in OPTIONS:
                raise ValueError(f"unknown option {name}")
            if name in files:
                files[name].append(value)
                taking = name
            else:
                options[name] = value
                taking = None
        elif taking is not None:
            files[taking].append(w)  # 5.19+: one more file
        else:
            positional.append(w)
    return positional, files, options


def printed(ergraph, cwd, out, inputs):
    r = subprocess.run([ergraph, "export", "-f", "neo4j", "-o", out, *inputs], cwd=cwd,
                       capture_output=True, text=True, check=True)
    commands = [line.strip() for line in r.stderr.splitlines() if line.startswith("  neo4j-admin ")]
    if len(commands) != 1:
        raise SystemExit(f"no neo4j-admin command in:\n{r.stderr}")
    return commands[0]


def check(where, command, cwd, data_has_newline):
    try:
        positional, files, options = parse(command)
    except ValueError as e:
        failures.append(f"{where}: {e}")
        return
    if positional != ["neo4j"]:
        failures.append(f"{where}: the database words are {positional}, not ['neo4j']")
    for kind, name in (("--nodes", "nodes.csv"), ("--relationships", "relationships.csv")):
        got = files[kind]
        if len(got) != 1 or os.path.basename(got[0]) != name or not os.path.isfile(os.path.join(cwd, got[0])):
            failures.append(f"{where}: {kind} gives {got}")
    nodes = os.path.join(cwd, files["--nodes"][0]) if files["--nodes"] else None
    delim = options.get("--array-delimiter")
    if nodes and os.path.isfile(nodes):
        with open(nodes, encoding="utf-8") as f:
            f.readline()
            label = f.readline().split(",")[1]  # "Entity<delim>type"
        if delim is None or len(delim) != 1 or not label.startswith("Entity" + delim):
            failures.append(f"{where}: --array-delimiter {delim!r} but the files use {label[6:7]!r}")
    if data_has_newline and options.get("--multiline-fields") != "true":
        failures.append(f"{where}: a field holds a line break and --multiline-fields=true is missing")


def main():
    ergraph, src, work = sys.argv[1:4]
    # The README's example, run as it is written, prints the README's command.
    with open(os.path.join(src, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    section = readme[readme.index("### Neo4j"):]
    block = section[section.index("```sh\n") + 6:section.index("```", section.index("```sh\n") + 6)]
    lines = block.replace("\\\n", " ").splitlines()
    example, documented = lines[0], " ".join(lines[1].split())
    os.symlink(os.path.join(src, "graphs"), os.path.join(work, "graphs"))
    args = shlex.split(example)
    import glob
    inputs = sorted(glob.glob(os.path.join(work, "graphs", "*.json")))
    got = printed(ergraph, work, args[args.index("-o") + 1], [os.path.relpath(p, work) for p in inputs])
    if got != documented:
        failures.append(f"README: it says\n  {documented}\nergraph prints\n  {got}")
    check("README", documented, work, True)
    check("graphs/", got, work, True)
    # A folder whose name needs quoting, and a quote over two lines.
    odd = os.path.join(work, "it's a folder")
    names = os.path.join(src, "tests", "data", "names.json")
    check("a folder with a quote and a space", printed(ergraph, work, odd, [names]), work, True)
    for f in failures:
        print(f)
    if failures:
        return 1
    print("ok: the printed commands read as neo4j-admin 5.19+ reads them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
