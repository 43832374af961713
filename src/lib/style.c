/*
 * Node styles per entity type.
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

#include <stddef.h>
#include <string.h>

static const erg_node_style styles[] = {
    /* People are the commonest nodes: the plainest shape. */
    {"person", "ellipse", "#CCE3F0", "#0072B2", "filled"},
    /* Institutions: a box, rounded to tell it from the neutral style. */
    {"agency", "box", "#F7DFCC", "#D55E00", "filled,rounded"},
    {"country", "hexagon", "#CCECE3", "#009E73", "filled"},
    {"organization", "folder", "#FAECCC", "#E69F00", "filled"},
    {"group", "octagon", "#F5E4ED", "#CC79A7", "filled"},
    {"place", "house", "#DDF0FB", "#56B4E9", "filled"},
    {"weapon", "cds", "#E6E6E6", "#000000", "filled"},
    {"event", "note", "#FCFAD9", "#A8A02E", "filled"},
};

/* Dashed: the type is one the palette does not know, and the reader should see that. */
static const erg_node_style neutral = {"", "box", "#FFFFFF", "#999999", "filled,dashed"};

const erg_node_style *erg_style_for_type(const char *type)
{
    if (type == NULL)
        return &neutral;
    for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++) {
        if (strcmp(styles[i].type, type) == 0)
            return &styles[i];
    }
    return &neutral;
}
