#!/usr/bin/env python3
"""Reads and rewrites a corpus's header (src/lib/index/format.h), for the
tests that make hostile corpora and the fuzzer's seeds.

  ergi_tool.py info CORPUS                 sections: name offset length count
  ergi_tool.py set CORPUS FIELD VALUE      a header field, checksum made again
  ergi_tool.py sect CORPUS S FIELD VALUE   a section's offset|length|count
  ergi_tool.py poke CORPUS S REC FIELD_OFFSET SIZE VALUE
                                           bytes of record REC of section S
  ergi_tool.py seal CORPUS                 the header's checksum made again
"""
import struct
import sys

M = (1 << 64) - 1
SECTIONS = ["ents", "rels", "srcs", "evidence", "rel_attrs", "contra", "conf_start", "conf",
            "aliases", "ent_attrs", "ent_sources", "adj_start", "adj", "name_chain", "ent_map",
            "src_map", "name_map", "files", "inputs", "diags", "strings"]
FIELDS = {"version": (8, "<I"), "header_size": (12, "<I"), "byte_order": (16, "<Q"),
          "word_size": (24, "<I"), "section_count": (28, "<I"), "base": (72, "<Q"),
          "file_size": (80, "<Q"), "title": (88, "<Q")}
SECT_AT = 128
HEADER = SECT_AT + 32 * len(SECTIONS) + 8


def rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & M


def mix(acc, w):
    acc = (acc + w * 0x9E3779B185EBCA87) & M
    return (rotl(acc, 31) * 0xC2B2AE3D27D4EB4F) & M


def ergi_hash(data):
    lane = [0x243F6A8885A308D3, 0x13198A2E03707344, 0xA4093822299F31D0, 0x082EFA98EC4E6C89]
    n, i = len(data), 0
    while i + 32 <= n:
        w = struct.unpack_from("<4Q", data, i)
        lane = [mix(lane[k], w[k]) for k in range(4)]
        i += 32
    h = (n * 0x27D4EB2F165667C5) & M
    for k in range(4):
        h = mix(h ^ lane[k], k + 1)
    for b in data[i:]:
        h = mix(h, b)
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & M
    return h ^ (h >> 33)


def seal(buf):
    struct.pack_into("<Q", buf, HEADER - 8, 0)
    struct.pack_into("<Q", buf, HEADER - 8, ergi_hash(bytes(buf[:HEADER])))


def section(buf, name):
    at = SECT_AT + 32 * SECTIONS.index(name)
    return dict(zip(("offset", "length", "count", "checksum"), struct.unpack_from("<4Q", buf, at)))


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    buf = bytearray(open(path, "rb").read())
    if cmd == "info":
        for name in SECTIONS:
            s = section(buf, name)
            print(name, s["offset"], s["length"], s["count"])
        return
    if cmd == "set":
        at, fmt = FIELDS[sys.argv[3]]
        struct.pack_into(fmt, buf, at, int(sys.argv[4], 0))
    elif cmd == "sect":
        at = SECT_AT + 32 * SECTIONS.index(sys.argv[3])
        at += 8 * ("offset", "length", "count").index(sys.argv[4])
        struct.pack_into("<Q", buf, at, int(sys.argv[5], 0))
    elif cmd == "poke":
        name, rec, off, size, value = sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(
            sys.argv[6]), int(sys.argv[7], 0)
        s = section(buf, name)
        at = s["offset"] + rec * (s["length"] // max(s["count"], 1)) + off
        buf[at:at + size] = value.to_bytes(size, "little")
        open(path, "wb").write(buf)
        return
    elif cmd != "seal":
        sys.exit("unknown command " + cmd)
    seal(buf)
    open(path, "wb").write(buf)


if __name__ == "__main__":
    main()
