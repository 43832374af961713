#!/usr/bin/env bash
# ergraph import csv: spreadsheets as Excel and LibreOffice save them (a
# byte order mark, CRLF line ends, a quoted cell over several lines, ';;'
# for a literal ';') become a file that loads without a warning and holds
# exactly what the cells said; bad input writes nothing, not even over -o.
set -u
ergraph=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
fail=0
printf '\xef\xbb\xbfID, Type ,name,aliases,country,founded\r\nru,country,Russia,RF; Россия,,\r\nfsb,agency,"Federal Security Service",FSB,ru,1995\r\nlakhani,person,"Hemant ""the dealer"" Lakhani",,,\r\n' >e.csv
printf 'from,to,type,source,quote,note,start,end,directed,weight,label,id,where\r\nfsb,lakhani,watched,bbc;ap,"first, with a comma;second\r\nover two lines",;n2,2003-08,2003,no,0.5,kept an eye on,w1,London\r\nlakhani,ru,visited,bbc,"one;; with a semicolon",,,,,,,,\r\n' >r.csv
printf 'id,title,publisher,date,url\r\nbbc,"Old enemies unite",BBC News,2003-08-12,https://example.org/x\r\nap,AP story,,,\r\n' >s.csv
if ! "$ergraph" import csv --entities e.csv --relationships r.csv --sources s.csv --title "From sheets" -o out.json; then
  echo "import failed"; exit 1
fi
"$ergraph" validate --strict out.json >/dev/null || { echo "the imported file does not load cleanly"; fail=1; }
/usr/bin/python3 - out.json <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
want = {
    "format": "ergraph/1",
    "title": "From sheets",
    "sources": [
        {"id": "bbc", "title": "Old enemies unite", "publisher": "BBC News", "date": "2003-08-12",
         "url": "https://example.org/x"},
        {"id": "ap", "title": "AP story"},
    ],
    "entities": [
        {"id": "ru", "type": "country", "name": "Russia", "aliases": ["RF", "Россия"]},
        {"id": "fsb", "type": "agency", "name": "Federal Security Service", "aliases": ["FSB"],
         "country": "ru", "attrs": {"founded": "1995"}},
        {"id": "lakhani", "type": "person", "name": 'Hemant "the dealer" Lakhani'},
    ],
    "relationships": [
        {"id": "w1", "from": "fsb", "to": "lakhani", "type": "watched", "directed": False,
         "label": "kept an eye on", "start": "2003-08", "end": "2003", "weight": 0.5,
         "attrs": {"where": "London"},
         "evidence": [{"source": "bbc", "quote": "first, with a comma"},
                      {"source": "ap", "quote": "second\r\nover two lines", "note": "n2"}]},
        {"from": "lakhani", "to": "ru", "type": "visited",
         "evidence": [{"source": "bbc", "quote": "one; with a semicolon"}]},
    ],
}
if d != want:
    print("imported file differs:")
    print(json.dumps(d, indent=1, ensure_ascii=False))
    sys.exit(1)
PY
# Standard output without -o, and the same bytes.
"$ergraph" import csv --entities e.csv --relationships r.csv --sources s.csv --title "From sheets" >stdout.json
cmp -s out.json stdout.json || { echo "standard output differs from -o"; fail=1; }
# Bad input: exit 1, and -o left as it was.
echo "keep me" >old.json
printf 'from,to,type\r\nfsb,nobody,watched\r\n' >bad.csv
"$ergraph" import csv --entities e.csv --relationships bad.csv -o old.json 2>err
status=$?
[ $status = 1 ] || { echo "bad input: exit $status, expected 1"; fail=1; }
[ "$(cat old.json)" = "keep me" ] || { echo "bad input replaced the output file"; fail=1; }
grep -qx 'bad.csv:2:2: unknown entity "nobody"' err || { echo "unexpected error:"; cat err; fail=1; }
[ "$(ls -A | grep -c '^\.old')" = 0 ] || { echo "a temporary file was left"; fail=1; }
# The evidence model's columns: a date, contradicts, and certainty,
# attributed_to and credibility once for every piece or once per piece (an
# empty item: none for that piece); the sources' reliability.
printf 'id,type,name\nfbi,agency,FBI\nlakhani,person,Hemant Lakhani\nigla,weapon,Igla\nchristie,person,Chris Christie\n' >ee.csv
printf 'id,from,to,type,date,source,quote,certainty,attributed_to,credibility,contradicts\narrest,fbi,lakhani,arrested,2003-08-12,bbc,arrested,,,1,\noffered,lakhani,igla,offered_for_sale,2003-08,wire;bbc,offered;sold,alleged;reported,christie;,3;4,bought\nbought,lakhani,igla,bought,,bbc,bought,reported,,,offered\n' >er.csv
printf 'id,publisher,reliability\nbbc,BBC,B\nwire,Wire,\n' >es.csv
if "$ergraph" import csv --entities ee.csv --relationships er.csv --sources es.csv -o ev.json &&
   "$ergraph" validate --strict ev.json >/dev/null; then
  /usr/bin/python3 - ev.json <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
want_sources = [{"id": "bbc", "publisher": "BBC", "reliability": "B"}, {"id": "wire", "publisher": "Wire"}]
want_rels = [
    {"id": "arrest", "from": "fbi", "to": "lakhani", "type": "arrested", "date": "2003-08-12",
     "evidence": [{"source": "bbc", "quote": "arrested", "credibility": 1}]},
    {"id": "offered", "from": "lakhani", "to": "igla", "type": "offered_for_sale", "date": "2003-08",
     "contradicts": ["bought"],
     "evidence": [{"source": "wire", "quote": "offered", "certainty": "alleged", "attributed_to": "christie",
                   "credibility": 3},
                  {"source": "bbc", "quote": "sold", "certainty": "reported", "credibility": 4}]},
    {"id": "bought", "from": "lakhani", "to": "igla", "type": "bought", "contradicts": ["offered"],
     "evidence": [{"source": "bbc", "quote": "bought", "certainty": "reported"}]},
]
ok = d["sources"] == want_sources and d["relationships"] == want_rels
if not ok:
    print("evidence columns imported as", json.dumps(d["sources"]), json.dumps(d["relationships"]))
sys.exit(0 if ok else 1)
PY
else
  echo "import of the evidence columns failed"; fail=1
fi
printf 'from,to,type,source,certainty,credibility,date,start\nfbi,lakhani,arrested,bbc,rumoured,7,2003-13,\nfbi,igla,seized,bbc,stated;alleged,,2003,2003\n' >eb.csv
printf 'id,reliability\nbbc,G\n' >eb-s.csv
"$ergraph" import csv --entities ee.csv --relationships eb.csv --sources eb-s.csv -o eb.json 2>err
want='eb-s.csv:2:2: reliability "G": write one of A, B, C, D, E, F (A completely reliable ... F cannot be judged)
eb.csv:2:7: "2003-13" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)
eb.csv:2:5: certainty "rumoured": write stated, reported, alleged or inferred
eb.csv:2:6: credibility "7": write a whole number from 1 (confirmed) to 6 (cannot be judged)
eb.csv:3:7: a date (a one-off fact) cannot go with a start or end (a period)
eb.csv:3:5: 2 values of certainty for 1 piece of evidence: give one, or one per piece'
[ "$(cat err)" = "$want" ] || { echo "evidence column errors:"; diff <(echo "$want") err; fail=1; }
[ ! -e eb.json ] || { echo "bad evidence columns wrote a file"; fail=1; }
[ $fail = 0 ] && echo "ok: import from spreadsheets"
exit $fail
