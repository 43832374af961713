/*
 * How entity types are drawn: a shape and colours per type, from a palette
 * that stays distinct under the common forms of colour blindness
 * (Okabe and Ito's), with shapes that differ too, so no type is told apart
 * by colour alone.
 */
#ifndef ERGRAPH_STYLE_H
#define ERGRAPH_STYLE_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct erg_node_style {
    const char *type;      /* the entity type; "" for the neutral style */
    const char *shape;     /* a Graphviz shape name */
    const char *fillcolor; /* "#rrggbb" */
    const char *color;     /* border, "#rrggbb" */
    const char *style;     /* Graphviz style attribute ("filled", "filled,rounded") */
} erg_node_style;

/* The style for an entity type; types without their own get the neutral
 * style. Borrowed, static. */
const erg_node_style *erg_style_for_type(const char *type);

#ifdef __cplusplus
}
#endif
#endif
