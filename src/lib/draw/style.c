/*
 * Node styles per entity type, and themes that restyle them.
 *
 * Colours come from Okabe and Ito's palette ("Color Universal Design",
 * 2008), chosen because its hues stay apart under protanopia, deuteranopia
 * and tritanopia. Each type's hue is its border; the fill is the same hue
 * mixed with 80 % white, light enough that black text keeps a contrast ratio
 * above 12:1 on every fill. Okabe-Ito yellow (#F0E442) is too pale for a
 * border on white, so the event border is that yellow darkened to 70 %.
 * The palette has seven hues and black; the eighth type (weapon) takes black
 * with a light grey fill, and unknown types a dashed grey border on white.
 *
 * Shapes differ too, so that no type is told apart by colour alone (a
 * greyscale print, a projector): every shape below is distinct, and all of
 * them widen with their label instead of growing in both directions as a
 * diamond or a triangle would with a long name.
 */
#include "ergraph/style.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "util/alloc.h"
#include "util/fileio.h"

#define DEFAULT_FONT "Helvetica"
#define DEFAULT_EDGE_COLOR "#555555"

/* The palette, written once: `FONT` and `FONTCOLOR` are NULL in the raw
 * table (a theme fills in its own) and filled in the built-in look. People
 * are the commonest nodes: the plainest shape. Institutions: a box,
 * rounded to tell it from the neutral style, which is dashed: the type is
 * one the palette does not know, and the reader should see that. */
// clang-format off
#define ERG_PALETTE(FONT, FONTCOLOR)                                                   \
    {"person", "ellipse", "#CCE3F0", "#0072B2", "filled", FONT, FONTCOLOR},           \
    {"agency", "box", "#F7DFCC", "#D55E00", "filled,rounded", FONT, FONTCOLOR},       \
    {"country", "hexagon", "#CCECE3", "#009E73", "filled", FONT, FONTCOLOR},          \
    {"organization", "folder", "#FAECCC", "#E69F00", "filled", FONT, FONTCOLOR},      \
    {"group", "octagon", "#F5E4ED", "#CC79A7", "filled", FONT, FONTCOLOR},            \
    {"place", "house", "#DDF0FB", "#56B4E9", "filled", FONT, FONTCOLOR},              \
    {"weapon", "cds", "#E6E6E6", "#000000", "filled", FONT, FONTCOLOR},               \
    {"event", "note", "#FCFAD9", "#A8A02E", "filled", FONT, FONTCOLOR}
#define ERG_NEUTRAL(FONT, FONTCOLOR)                                                   \
    {"", "box", "#FFFFFF", "#999999", "filled,dashed", FONT, FONTCOLOR}
// clang-format on

static const erg_node_style styles[] = {ERG_PALETTE(NULL, NULL)};
#define NSTYLES (sizeof(styles) / sizeof(styles[0]))

static const erg_node_style neutral = ERG_NEUTRAL(NULL, NULL);

/* The built-in look, for a NULL theme: the palette with fonts filled in,
 * then the neutral style. A constant table: no lazy set-up to race on. */
static const erg_node_style default_resolved[] = {ERG_PALETTE(DEFAULT_FONT, "#000000"),
                                                  ERG_NEUTRAL(DEFAULT_FONT, "#000000")};
_Static_assert(sizeof(default_resolved) / sizeof(default_resolved[0]) == NSTYLES + 1,
               "the built-in look has every style of the palette and the neutral one");

const erg_node_style *erg_style_for_type(const char *type)
{
    if (type == NULL)
        return &neutral;
    for (size_t i = 0; i < NSTYLES; i++) {
        if (strcmp(styles[i].type, type) == 0)
            return &styles[i];
    }
    return &neutral;
}

/* ---- Themes ---------------------------------------------------------- */

/* A theme holds every style resolved: the defaults, then what the file
 * changed, fonts filled in. Strings it owns live in `strings`. */
typedef struct theme_style {
    erg_node_style s;
} theme_style;

struct erg_theme {
    char *font, *edge_color;
    theme_style *styles; /* NSTYLES known types, the neutral one, then others */
    size_t count, cap;
    char **strings;
    size_t nstrings, strings_cap;
};

const erg_node_style *erg_theme_style(const erg_theme *theme, const char *type)
{
    if (theme == NULL) {
        const erg_node_style *s = erg_style_for_type(type);
        return s == &neutral ? &default_resolved[NSTYLES] : &default_resolved[s - styles];
    }
    if (type != NULL) {
        for (size_t i = 0; i < theme->count; i++) {
            if (i != NSTYLES && strcmp(theme->styles[i].s.type, type) == 0)
                return &theme->styles[i].s;
        }
    }
    return &theme->styles[NSTYLES].s;
}

const char *erg_theme_font(const erg_theme *theme)
{
    return theme != NULL ? theme->font : DEFAULT_FONT;
}

const char *erg_theme_edge_color(const erg_theme *theme)
{
    return theme != NULL ? theme->edge_color : DEFAULT_EDGE_COLOR;
}

void erg_theme_free(erg_theme *theme)
{
    if (theme == NULL)
        return;
    for (size_t i = 0; i < theme->nstrings; i++)
        erg_free(theme->strings[i]);
    erg_free(theme->strings);
    erg_free(theme->styles);
    erg_free(theme);
}

static char *keep(erg_theme *t, const char *s, size_t len)
{
    if (ERG_GROW(t->strings, t->strings_cap, t->nstrings + 1) != ERG_OK)
        return NULL;
    char *copy = erg_strndup(s, len);
    if (copy != NULL)
        t->strings[t->nstrings++] = copy;
    return copy;
}

/* Shapes that draw a label as plain text: no record shapes (their labels
 * are syntax), no image or PostScript shapes. */
static const char *const shapes[] = {
    "box",           "rect",         "rectangle",     "square",        "ellipse",   "oval",
    "circle",        "hexagon",      "octagon",       "pentagon",      "septagon",  "polygon",
    "house",         "invhouse",     "folder",        "tab",           "note",      "component",
    "cds",           "box3d",        "cylinder",      "diamond",       "trapezium", "invtrapezium",
    "parallelogram", "doublecircle", "doubleoctagon", "tripleoctagon", "egg",       "triangle",
    "invtriangle",   "underline",    "plaintext",     "plain",         "none",      "star",
    "promoter",      "signature",    "rpromoter",     "larrow",        "rarrow",    "lpromoter",
    "msquare",       "mdiamond",     "mcircle"};

static const char *const style_words[] = {"filled", "rounded", "dashed",   "dotted",
                                          "bold",   "solid",   "diagonals"};

static bool in_list(const char *const *list, size_t n, const char *s, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
            return true;
    }
    return false;
}

static bool valid_color(const char *s, size_t len)
{
    if ((len != 7 && len != 9) || s[0] != '#')
        return false;
    for (size_t i = 1; i < len; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

/* Font names reach fontconfig; keep them to what names are made of. */
static bool valid_font(const char *s, size_t len)
{
    if (len == 0 || len > 64)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              strchr(" -_.,", c) != NULL))
            return false;
    }
    return true;
}

static bool valid_style(const char *s, size_t len)
{
    size_t i = 0;
    while (i <= len) {
        size_t j = i;
        while (j < len && s[j] != ',')
            j++;
        if (!in_list(style_words, sizeof(style_words) / sizeof(style_words[0]), s + i, j - i))
            return false;
        i = j + 1;
    }
    return true;
}

static bool valid_type(const char *s, size_t len)
{
    if (len == 1 && s[0] == '*')
        return true;
    if (len == 0 || len > 64 || !(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (size_t i = 1; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

typedef struct parser {
    erg_theme *t;
    const char *name;
    erg_diags *diags;
    long line;
    bool nomem;
    size_t errors;
} parser;

static void bad(parser *p, long column, const char *what, const char *s, size_t len)
{
    if (len > 64)
        len = 64;
    if (erg_diags_add(p->diags, ERG_ERROR, p->name, p->line, column, NULL, "%s: \"%.*s\"", what,
                      (int)len, s) != ERG_OK)
        p->nomem = true;
    p->errors++;
}

/* The style a section names, added (a copy of the neutral one) if new. */
static theme_style *section(parser *p, const char *s, size_t len)
{
    erg_theme *t = p->t;
    if (len == 1 && s[0] == '*')
        return &t->styles[NSTYLES];
    for (size_t i = 0; i < t->count; i++) {
        if (i != NSTYLES && strlen(t->styles[i].s.type) == len &&
            memcmp(t->styles[i].s.type, s, len) == 0)
            return &t->styles[i];
    }
    if (ERG_GROW(t->styles, t->cap, t->count + 1) != ERG_OK) {
        p->nomem = true;
        return NULL;
    }
    theme_style *st = &t->styles[t->count];
    *st = t->styles[NSTYLES];
    st->s.type = keep(t, s, len);
    if (st->s.type == NULL) {
        p->nomem = true;
        return NULL;
    }
    t->count++;
    return st;
}

static void set_value(parser *p, theme_style *st, const char *key, size_t klen, const char *val,
                      size_t vlen, long vcol)
{
    erg_theme *t = p->t;
    const char **slot = NULL;
    bool ok = false;
#define KEY(k) (klen == strlen(k) && memcmp(key, k, klen) == 0)
    if (st == NULL && KEY("font")) {
        ok = valid_font(val, vlen);
        if (ok && (t->font = keep(t, val, vlen)) == NULL)
            p->nomem = true;
        if (!ok)
            bad(p, vcol, "not a font name (letters, digits, spaces, -_.,)", val, vlen);
        return;
    }
    if (st == NULL && KEY("edge-color")) {
        ok = valid_color(val, vlen);
        if (ok && (t->edge_color = keep(t, val, vlen)) == NULL)
            p->nomem = true;
        if (!ok)
            bad(p, vcol, "not a colour (#rrggbb or #rrggbbaa)", val, vlen);
        return;
    }
    if (st == NULL) {
        bad(p, 1, "unknown key before any [type] section (font, edge-color)", key, klen);
        return;
    }
    const char *why = NULL;
    if (KEY("shape")) {
        slot = &st->s.shape;
        ok = in_list(shapes, sizeof(shapes) / sizeof(shapes[0]), val, vlen);
        why = "not a shape that ergraph draws";
    } else if (KEY("fill")) {
        slot = &st->s.fillcolor;
        ok = valid_color(val, vlen);
        why = "not a colour (#rrggbb or #rrggbbaa)";
    } else if (KEY("border")) {
        slot = &st->s.color;
        ok = valid_color(val, vlen);
        why = "not a colour (#rrggbb or #rrggbbaa)";
    } else if (KEY("font-color")) {
        slot = &st->s.fontcolor;
        ok = valid_color(val, vlen);
        why = "not a colour (#rrggbb or #rrggbbaa)";
    } else if (KEY("style")) {
        slot = &st->s.style;
        ok = valid_style(val, vlen);
        why = "not a style (filled, rounded, dashed, dotted, bold, solid, diagonals, joined by ,)";
    } else if (KEY("font")) {
        slot = &st->s.fontname;
        ok = valid_font(val, vlen);
        why = "not a font name (letters, digits, spaces, -_.,)";
    } else {
        bad(p, 1, "unknown key (shape, fill, border, style, font, font-color)", key, klen);
        return;
    }
#undef KEY
    if (!ok) {
        bad(p, vcol, why, val, vlen);
        return;
    }
    if ((*slot = keep(t, val, vlen)) == NULL)
        p->nomem = true;
}

static size_t trim_end(const char *s, size_t len)
{
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    return len;
}

erg_status erg_theme_parse(erg_theme **out, const char *name, const char *text, size_t len,
                           erg_diags *diags)
{
    erg_status rc = ERG_ENOMEM;
    *out = NULL;
    erg_theme *t = erg_calloc(1, sizeof(*t));
    parser p = {t, name, diags, 0, false, 0};
    if (t == NULL || ERG_GROW(t->styles, t->cap, NSTYLES + 1) != ERG_OK)
        goto done;
    for (size_t i = 0; i <= NSTYLES; i++) {
        t->styles[i].s = default_resolved[i];
        t->styles[i].s.fontname = NULL; /* the theme's font, once read */
    }
    t->count = NSTYLES + 1;
    t->font = (char *)DEFAULT_FONT;
    t->edge_color = (char *)DEFAULT_EDGE_COLOR;
    theme_style *current = NULL;
    size_t i = 0;
    while (i < len && !p.nomem) {
        size_t end = i;
        while (end < len && text[end] != '\n')
            end++;
        const char *s = text + i;
        size_t n = end - i, lead = 0;
        p.line++;
        i = end + 1;
        if (memchr(s, '\0', n) != NULL) {
            bad(&p, 1, "NUL byte in the line", "", 0);
            continue;
        }
        const char *hash = memchr(s, '#', n);
        /* '#' starts a comment unless it starts a colour after '='. */
        while (hash != NULL) {
            const char *eq = memchr(s, '=', (size_t)(hash - s));
            const char *q = eq;
            if (eq != NULL) {
                q++;
                while (q < hash && (*q == ' ' || *q == '\t'))
                    q++;
            }
            if (eq == NULL || q != hash)
                break;
            hash = memchr(hash + 1, '#', n - (size_t)(hash + 1 - s));
        }
        if (hash != NULL)
            n = (size_t)(hash - s);
        while (lead < n && (s[lead] == ' ' || s[lead] == '\t'))
            lead++;
        n = trim_end(s, n);
        if (lead >= n)
            continue;
        if (s[lead] == '[') {
            if (s[n - 1] != ']' || !valid_type(s + lead + 1, n - lead - 2)) {
                bad(&p, (long)lead + 1, "a section is [type] or [*]", s + lead, n - lead);
                current = NULL;
                continue;
            }
            current = section(&p, s + lead + 1, n - lead - 2);
            continue;
        }
        const char *eq = memchr(s, '=', n);
        if (eq == NULL) {
            bad(&p, (long)lead + 1, "expected key = value", s + lead, n - lead);
            continue;
        }
        size_t klen = trim_end(s + lead, (size_t)(eq - s) - lead);
        size_t v = (size_t)(eq - s) + 1;
        while (v < n && (s[v] == ' ' || s[v] == '\t'))
            v++;
        set_value(&p, current, s + lead, klen, s + v, n - v, (long)v + 1);
    }
    if (p.nomem)
        goto done;
    rc = p.errors > 0 ? ERG_EDATA : ERG_OK;
    if (rc == ERG_OK) {
        /* Types whose section left the font unset take the theme's. */
        for (size_t k = 0; k < t->count; k++) {
            if (t->styles[k].s.fontname == NULL)
                t->styles[k].s.fontname = t->font;
        }
        *out = t;
        t = NULL;
    }
done:
    erg_theme_free(t);
    return rc;
}

erg_status erg_theme_load(erg_theme **out, const char *path, erg_diags *diags)
{
    char *text = NULL;
    size_t len = 0;
    const char *why = NULL;
    *out = NULL;
    erg_status rc = erg_read_file(path, &text, &len, &why);
    if (rc == ERG_EIO)
        erg_diags_add(diags, ERG_ERROR, path, 0, 0, NULL, "cannot read the theme: %s",
                      why ? why : "error");
    if (rc == ERG_OK)
        rc = erg_theme_parse(out, path, text, len, diags);
    erg_free(text);
    return rc;
}
