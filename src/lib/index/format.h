/*
 * Internal: the corpus file ("ergraph index"), version 1.
 *
 * Little-endian, 64-bit words and pointers, the record layouts of
 * model/graph_impl.h as this build lays them out (their sizes are in the
 * header; a corpus from another kind of machine or build is refused).
 *
 *   header (ergi_header, 4096 bytes reserved), then the sections, each at
 *   a multiple of 64, the strings last.
 *
 * The records are the graph's own arrays: a string is a pointer, valid
 * when the file is mapped at `base` (the header's); every pointer points
 * into the strings section, which ends with a NUL byte. Mapped there, the
 * graph is used in place; mapped elsewhere (the address taken) the reader
 * adds the difference to each pointer in a private copy. Every pointer,
 * index and range is checked on open (that reads every record page, not
 * the strings; on a big corpus two threads share them); the hash maps
 * are the loader's, put again into fewer slots (at most 9/10 full: never
 * grown, so a lookup scans a few more slots); the header and section table
 * carry a checksum checked on open, each section a checksum checked by
 * `ergraph index --check`.
 */
#ifndef ERG_INDEX_FORMAT_H
#define ERG_INDEX_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define ERGI_MAGIC "ERGIDX\r\n"
#define ERGI_MAGIC_LEN 8
#define ERGI_VERSION 1u
#define ERGI_BYTE_ORDER 0x0102030405060708ull
/* Far from the heap, the usual mmap area and AddressSanitizer's regions. */
#define ERGI_BASE 0x4e5000000000ull
#define ERGI_HEADER_SPACE 4096u
#define ERGI_ALIGN 64u

enum {
    ERGI_S_ENTS,
    ERGI_S_RELS,
    ERGI_S_SRCS,
    ERGI_S_EVIDENCE,
    ERGI_S_REL_ATTRS,
    ERGI_S_CONTRA,
    ERGI_S_CONF_START,
    ERGI_S_CONF,
    ERGI_S_ALIASES,
    ERGI_S_ENT_ATTRS,
    ERGI_S_ENT_SOURCES,
    ERGI_S_ADJ_START,
    ERGI_S_ADJ,
    ERGI_S_NAME_CHAIN,
    ERGI_S_ENT_MAP,
    ERGI_S_SRC_MAP,
    ERGI_S_NAME_MAP,
    ERGI_S_FILES,
    ERGI_S_INPUTS,
    ERGI_S_DIAGS,
    ERGI_S_STRINGS,
    ERGI_S_COUNT
};

typedef struct ergi_section {
    uint64_t offset, length; /* bytes, from the start of the file */
    uint64_t count;          /* records */
    uint64_t checksum;       /* erg_index_hash of the bytes */
} ergi_section;

/* An input file as it was when indexed. */
typedef struct ergi_input {
    const char *given, *absolute;
    uint64_t size;
    int64_t mtime_sec, mtime_nsec;
    uint64_t inode, device;
    uint64_t hash; /* of the content */
} ergi_input;

/* A warning of the load, to be reported again. */
typedef struct ergi_diag {
    uint32_t severity, pad;
    int64_t line, column;
    const char *file, *path, *message;
} ergi_diag;

enum {
    ERGI_R_ENT,
    ERGI_R_REL,
    ERGI_R_SRC,
    ERGI_R_EV,
    ERGI_R_ATTR,
    ERGI_R_CONTRA,
    ERGI_R_SLOT,
    ERGI_R_INPUT,
    ERGI_R_DIAG,
    ERGI_R_COUNT
};

typedef struct ergi_header {
    char magic[ERGI_MAGIC_LEN];
    uint32_t version, header_size;
    uint64_t byte_order;
    uint32_t word_size, section_count;
    uint32_t rec_size[ERGI_R_COUNT];
    uint32_t title_count; /* the different titles joined into `title` */
    uint64_t base, file_size;
    const char *title, *description;
    uint64_t dropped[3]; /* diagnostics counted but not kept, by severity */
    ergi_section sections[ERGI_S_COUNT];
    uint64_t checksum; /* of the header with this field 0 */
} ergi_header;

/* A 64-bit hash of data[0..len): four lanes of 8-byte words. */
uint64_t erg_index_hash(const void *data, size_t len);

#endif
