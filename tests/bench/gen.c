/*
 * ergraph-gen: writes a valid relationship file (format ergraph/1) of any
 * size, the same bytes for the same arguments.
 *
 *   ergraph-gen [-e ENTITIES] [-r RELATIONSHIPS] [-s SEED] [--errors N] [-o FILE]
 *
 * What makes it realistic enough to measure with:
 *  - power-law degrees: both ends of a tie are drawn with probability
 *    proportional to (rank + 1)^-0.55, so entity "e0" is the biggest hub
 *    (about 3,000 ties at 1,000,000 relationships) and an entity of degree
 *    20 has several hundred to a thousand and a half within two steps;
 *  - about 20 % of entities have aliases, half a country, some attributes;
 *  - one or two evidence quotes per tie (100 to 200 characters), dates on
 *    most, ids on a third, weights, labels and attributes on a few;
 *  - hostile text: quotes, backslashes, markup, Graphviz escapes, control
 *    characters, Cyrillic, Greek, Arabic and emoji in names and quotes.
 * With --errors N it plants N semantic errors (unknown entity, bad date, end
 * before start, wrong type), spread evenly, for tests of error reporting.
 * With --evidence it also writes the evidence model's fields: sources'
 * reliability, evidence certainty, credibility and attribution, dates of
 * one-off facts, and contradictions between ties (the default output stays
 * the same bytes as before, so that older loaders can read it too).
 *
 * Deliberately self-contained (no ergraph, no jansson): what it writes is
 * checked by the loader, not trusted by it.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

/* splitmix64: tiny, fast, and the same everywhere. */
static uint64_t next_u64(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint32_t below(uint32_t n)
{
    return (uint32_t)(next_u64() % n);
}

static double uniform(void)
{
    return (double)(next_u64() >> 11) / 9007199254740992.0;
}

#define ZIPF_S 0.55

static double zipf_norm;
static uint32_t zipf_n;

/* A rank in [0, n) with probability about (rank + 1)^-s, by inverting the
 * continuous distribution: O(1) per draw. */
static uint32_t zipf(void)
{
    double a = 1.0 - ZIPF_S;
    double x = pow(uniform() * zipf_norm + 1.0, 1.0 / a) - 1.0;
    uint32_t r = (uint32_t)x;
    return r < zipf_n ? r : zipf_n - 1;
}

static const char *const first_names[] = {
    "Viktor", "Anna",    "Hemant", "Yusuf",   "Maria",  "Dmitri", "Leila",
    "John",   "Olga",    "Ahmed",  "Sergei",  "Elena",  "Pedro",  "Chen",
    "Fatima", "Igor",    "Nadia",  "Omar",    "Sofia",  "Rashid", "Ivan",
    "Grace",  "Mikhail", "Aisha",  "Дмитрий", "Αλέξης", "Zoë",    "François"};
static const char *const last_names[] = {
    "Bout",  "Lakhani", "Petrov",  "Haddad", "O'Brien", "Smith",   "Kuznetsov",    "Al-Amin",
    "Novak", "Garcia",  "Ivanova", "Okafor", "Müller",  "Rossi",   "Tanaka",       "Khan",
    "Silva", "Dubois",  "Mendez",  "Volkov", "Harris",  "Соколов", "Παπαδόπουλος", "عبد الله"};
static const char *const org_words[] = {"Federal", "National", "Security", "Service", "Trading",
                                        "Bureau",  "Group",    "Ministry", "Defence", "Export",
                                        "Holding", "Bank",     "Front",    "Council", "Agency",
                                        "Union",   "Logistics"};
static const char *const hostile[] = {"\\\"the Hammer\\\"", "<b>bold</b>",
                                      "A & B &amp; C",      "back\\\\slash",
                                      "\\\\N\\\\G",         "{x|y}",
                                      "line\\nbreak",       "tab\\there",
                                      "ctl\\u0001char",     "emoji 🚀",
                                      "RTL ‏مرحبا",  "trailing\\\\",
                                      "&#65;&euro;",        "quote's \\\"nested\\\""};
static const char *const entity_types[] = {"person",       "person", "person", "agency", "group",
                                           "organization", "place",  "weapon", "event",  "vessel"};
static const char *const rel_types[] = {
    "met_with", "funded",   "supplied",        "employed", "member_of", "cooperated_with",
    "followed", "arrested", "negotiated_with", "owned",    "sold_to",   "informed_on"};
static const char *const words[] = {
    "the",       "agents", "said",      "on",       "Tuesday",  "that",     "missile",
    "deal",      "was",    "arranged",  "through",  "a",        "broker",   "in",
    "London",    "and",    "money",     "moved",    "via",      "accounts", "officials",
    "who",       "asked",  "not",       "to",       "be",       "named",    "described",
    "meeting",   "months", "before",    "arrest",   "shipment", "port",     "of",
    "according", "court",  "documents", "“secret”", "€2m",      "Москва",   "—"};
static const char *const publishers[] = {"BBC News", "AP",          "Reuters", "CS Monitor",
                                         "Le Monde", "Der Spiegel", "Interfax"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static FILE *out;
static int evidence_model;

static void name_of(uint32_t e, const char *type)
{
    if (below(50) == 0) {
        fprintf(out, "%s %s", first_names[below(COUNT(first_names))],
                hostile[below(COUNT(hostile))]);
    } else if (strcmp(type, "person") == 0) {
        fprintf(out, "%s %s", first_names[below(COUNT(first_names))],
                last_names[below(COUNT(last_names))]);
    } else {
        fprintf(out, "%s %s %s", org_words[below(COUNT(org_words))],
                org_words[below(COUNT(org_words))], org_words[below(COUNT(org_words))]);
    }
    fprintf(out, " %u", e); /* names are mostly unique, as in a real corpus */
}

static void date(unsigned year)
{
    switch (below(3)) {
    case 0:
        fprintf(out, "\"%04u\"", year);
        break;
    case 1:
        fprintf(out, "\"%04u-%02u\"", year, 1 + below(12));
        break;
    default:
        fprintf(out, "\"%04u-%02u-%02u\"", year, 1 + below(12), 1 + below(28));
    }
}

static void quote(void)
{
    unsigned n = 10 + below(16);
    fputc('"', out);
    for (unsigned i = 0; i < n; i++)
        fprintf(out, "%s%s", i ? " " : "", words[below(COUNT(words))]);
    if (below(20) == 0)
        fprintf(out, " %s", hostile[below(COUNT(hostile))]);
    fputc('"', out);
}

static int is_country(uint32_t e)
{
    return e % 1000 == 3;
}

static void entities(uint32_t n, uint32_t sources)
{
    fputs("  \"entities\": [\n", out);
    for (uint32_t e = 0; e < n; e++) {
        const char *type = is_country(e) ? "country" : entity_types[below(COUNT(entity_types))];
        fprintf(out, "    {\"id\": \"e%u\", \"type\": \"%s\", \"name\": \"", e, type);
        name_of(e, type);
        fputc('"', out);
        if (below(5) == 0) {
            fputs(", \"aliases\": [", out);
            unsigned k = 1 + below(2);
            for (unsigned i = 0; i < k; i++) {
                fprintf(out, "%s\"", i ? ", " : "");
                name_of(e, "group");
                fputc('"', out);
            }
            fputc(']', out);
        }
        if (!is_country(e) && below(2) == 0 && n > 3)
            fprintf(out, ", \"country\": \"e%u\"", 3 + 1000 * below((n - 4) / 1000 + 1));
        if (below(10) == 0)
            fprintf(out, ", \"attrs\": {\"born\": %u, \"verified\": %s, \"score\": %.2f}",
                    1930 + below(70), below(2) ? "true" : "false", uniform() * 10);
        if (below(10) == 0)
            fprintf(out, ", \"sources\": [\"s%u\"]", below(sources));
        fprintf(out, "}%s\n", e + 1 < n ? "," : "");
    }
    fputs("  ],\n", out);
}

static void relationships(uint32_t n, uint32_t m, uint32_t sources, uint32_t errors)
{
    uint32_t every = errors ? m / errors : 0;
    fputs("  \"relationships\": [\n", out);
    for (uint32_t r = 0; r < m; r++) {
        uint32_t a = zipf(), b = zipf();
        while (b == a && n > 1)
            b = below(n);
        unsigned kind = every && r % every == every / 2 ? 1 + (r / every) % 4 : 0;
        fputs("    {", out);
        if (evidence_model ? r % 3 == 0 : below(3) == 0)
            fprintf(out, "\"id\": \"r%u\", ", r);
        fprintf(out, "\"from\": \"e%u\", \"to\": \"%s%u\", \"type\": \"%s\"", a,
                kind == 1 ? "nobody" : "e", b,
                kind == 4 ? "Not-Snake" : rel_types[below(COUNT(rel_types))]);
        if (below(4) == 0)
            fputs(", \"directed\": false", out);
        if (below(20) == 0)
            fprintf(out, ", \"label\": \"%s\"", hostile[below(COUNT(hostile))]);
        if (kind == 2) {
            fputs(", \"start\": \"2003-02-29\"", out);
        } else if (evidence_model && below(5) == 0) {
            fputs(", \"date\": ", out);
            date(1990 + below(30));
        } else if (below(5) < 3) {
            unsigned year = 1990 + below(30);
            fputs(", \"start\": ", out);
            date(year);
            if (kind == 3) {
                fprintf(out, ", \"end\": \"%04u\"", year - 1);
            } else if (below(5) < 2) {
                fputs(", \"end\": ", out);
                date(year + 1 + below(5));
            }
        }
        if (below(10) == 0)
            fprintf(out, ", \"weight\": %.3g", uniform() * 5);
        if (below(20) == 0)
            fprintf(out, ", \"attrs\": {\"amount\": %u, \"currency\": \"USD\"}", below(1000000));
        if (evidence_model && r > 0 && below(10) == 0) {
            /* An explicit id, earlier or later: every third tie has one. */
            uint32_t other = below(m) / 3 * 3;
            if (other != r)
                fprintf(out, ", \"contradicts\": [\"r%u\"]", other);
        }
        fputs(", \"evidence\": [", out);
        unsigned k = 1 + (below(2) == 0);
        for (unsigned i = 0; i < k; i++) {
            fprintf(out, "%s{\"source\": \"s%u\", \"quote\": ", i ? ", " : "", below(sources));
            quote();
            if (evidence_model) {
                static const char *const certainty[] = {"stated", "reported", "alleged",
                                                        "inferred"};
                unsigned c = below(6);
                if (c < 4)
                    fprintf(out, ", \"certainty\": \"%s\"", certainty[c]);
                if (below(2) == 0)
                    fprintf(out, ", \"credibility\": %u", 1 + below(6));
                if (below(8) == 0)
                    fprintf(out, ", \"attributed_to\": \"e%u\"", zipf());
            }
            fputc('}', out);
        }
        fprintf(out, "]}%s\n", r + 1 < m ? "," : "");
    }
    fputs("  ]\n", out);
}

static void sources_array(uint32_t s)
{
    fputs("  \"sources\": [\n", out);
    for (uint32_t i = 0; i < s; i++) {
        fprintf(out,
                "    {\"id\": \"s%u\", \"publisher\": \"%s\", \"date\": \"%04u-%02u-%02u\", "
                "\"title\": \"Report %u: ",
                i, publishers[below(COUNT(publishers))], 1990 + below(30), 1 + below(12),
                1 + below(28), i);
        for (unsigned w = 0; w < 6; w++)
            fprintf(out, "%s%s", w ? " " : "", words[below(COUNT(words))]);
        fprintf(out, "\", \"url\": \"https://news.example.org/%u\"", i);
        if (evidence_model && below(4) != 0)
            fprintf(out, ", \"reliability\": \"%c\"", 'A' + below(6));
        fprintf(out, "}%s\n", i + 1 < s ? "," : "");
    }
    fputs("  ],\n", out);
}

static int usage(void)
{
    fputs("usage: ergraph-gen [-e ENTITIES] [-r RELATIONSHIPS] [-s SEED] [--errors N] "
          "[--evidence] [-o FILE]\n",
          stderr);
    return 2;
}

static int number(const char *s, unsigned long *v)
{
    char *end;
    errno = 0;
    *v = strtoul(s, &end, 10);
    return errno == 0 && end != s && *end == '\0' && *v <= UINT32_MAX;
}

int main(int argc, char **argv)
{
    unsigned long n = 1000, m = 5000, seed = 1, errors = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        unsigned long *v = NULL;
        if (strcmp(argv[i], "-e") == 0)
            v = &n;
        else if (strcmp(argv[i], "-r") == 0)
            v = &m;
        else if (strcmp(argv[i], "-s") == 0)
            v = &seed;
        else if (strcmp(argv[i], "--errors") == 0)
            v = &errors;
        else if (strcmp(argv[i], "--evidence") == 0)
            evidence_model = 1;
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            path = argv[++i];
        else
            return usage();
        if (v != NULL && (i + 1 >= argc || !number(argv[++i], v)))
            return usage();
    }
    if (n < 2 || (errors > 0 && errors * 2 > m))
        return usage();
    out = path ? fopen(path, "w") : stdout;
    if (out == NULL) {
        perror(path);
        return 1;
    }
    static char buffer[1 << 16];
    setvbuf(out, buffer, _IOFBF, sizeof(buffer));
    rng_state = seed;
    zipf_n = (uint32_t)n;
    zipf_norm = pow((double)n + 1.0, 1.0 - ZIPF_S) - 1.0;
    uint32_t sources = (uint32_t)(m / 200 > 10 ? m / 200 : 10);

    fprintf(out, "{\n  \"format\": \"ergraph/1\",\n  \"title\": \"Synthetic corpus, seed %lu\",\n",
            seed);
    sources_array(sources);
    entities((uint32_t)n, sources);
    relationships((uint32_t)n, (uint32_t)m, sources, (uint32_t)errors);
    fputs("}\n", out);
    if (fflush(out) != 0 || ferror(out) || (path && fclose(out) != 0)) {
        perror(path ? path : "stdout");
        return 1;
    }
    return 0;
}
