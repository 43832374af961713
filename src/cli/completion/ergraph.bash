# bash completion for ergraph(1): commands, options (read from each
# command's --help), formats, engines, and the entity ids and types of the
# relationship files already on the line.             -*- shell-script -*-

# The words on the line that name existing files: the graph to ask.
_ergraph_files() {
    local i w
    for ((i = 2; i < ${#COMP_WORDS[@]}; i++)); do
        w=${COMP_WORDS[i]}
        ((i == COMP_CWORD)) && continue
        [[ $w != -* && -f $w ]] && printf '%s\n' "$w"
    done
}

# The entity ids of those files.
_ergraph_entities() {
    local prog=$1 files
    mapfile -t files < <(_ergraph_files)
    ((${#files[@]})) || return
    "$prog" list entities --format tsv "${files[@]}" 2>/dev/null | tail -n +2 | cut -f1
}

# Their entity types (entity_type) or relationship types (relationship_type).
_ergraph_types() {
    local prog=$1 measure=$2 files
    mapfile -t files < <(_ergraph_files)
    ((${#files[@]})) || return
    "$prog" stats --format tsv "${files[@]}" 2>/dev/null | awk -F '\t' -v m="$measure" '$1 == m { print $2 }'
}

_ergraph() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
    local prog=${COMP_WORDS[0]} cmd=${COMP_WORDS[1]}
    local commands=$'validate\ndot\nrender\nverify\nshow\npath\nneighbors\nstats\nlist\nexport\nimport'
    local IFS=$'\n'
    COMPREPLY=()
    if ((COMP_CWORD == 1)); then
        COMPREPLY=($(compgen -W "$commands"$'\n--help\n--version\n-V' -- "$cur"))
        return
    fi
    # The value of an option.
    case $prev in
    -f | -T | --format)
        case $cmd in
        export) COMPREPLY=($(compgen -W $'graphml\ngexf\nneo4j\ncytoscape\njson' -- "$cur")) ;;
        render) COMPREPLY=($(compgen -W $'svg\npng\npdf\ndot\nhtml' -- "$cur")) ;;
        validate | verify) COMPREPLY=($(compgen -W $'text\njson' -- "$cur")) ;;
        *) COMPREPLY=($(compgen -W $'text\njson\ntsv' -- "$cur")) ;;
        esac
        return
        ;;
    -K | --engine) COMPREPLY=($(compgen -W $'dot\nneato\nfdp\nsfdp\ncirco\ntwopi' -- "$cur")); return ;;
    --gexf) COMPREPLY=($(compgen -W $'1.3\n1.2' -- "$cur")); return ;;
    --direction) COMPREPLY=($(compgen -W $'out\nin\nboth' -- "$cur")); return ;;
    --citations) COMPREPLY=($(compgen -W $'none\nnumbers\nfull' -- "$cur")); return ;;
    --page) COMPREPLY=($(compgen -W $'a4\na4-landscape\nletter\nletter-landscape' -- "$cur")); return ;;
    --cluster)
        if [[ $cmd == export ]]; then
            COMPREPLY=($(compgen -W country -- "$cur"))
        else
            COMPREPLY=($(compgen -W $'country\ntype\nnone' -- "$cur"))
        fi
        return
        ;;
    --type) COMPREPLY=($(compgen -W "$(_ergraph_types "$prog" entity_type)" -- "$cur")); return ;;
    --relation) COMPREPLY=($(compgen -W "$(_ergraph_types "$prog" relationship_type)" -- "$cur")); return ;;
    --around | --exclude | --between | --connect | --component)
        COMPREPLY=($(compgen -W "$(_ergraph_entities "$prog")" -- "$cur"))
        return
        ;;
    --texts)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -d -- "$cur"))
        return
        ;;
    -o | --output | --theme | --entities | --relationships | --sources)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    --title | --depth | --max-length | --max-paths | --top | --min-sources | --min-degree | \
        --since | --until | --source | --wrap | --layout-timeout | --max-nodes | --dpi | -G | -N | -E)
        return
        ;;
    esac
    # --between A B: the second name too.
    if ((COMP_CWORD > 2)) && [[ ${COMP_WORDS[COMP_CWORD - 2]} == --between && $cur != -* ]]; then
        COMPREPLY=($(compgen -W "$(_ergraph_entities "$prog")" -- "$cur"))
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$("$prog" "$cmd" --help 2>/dev/null | grep -oE -- '--?[a-zA-Z][a-zA-Z0-9-]*' | sort -u)" -- "$cur"))
        return
    fi
    # Positional words before this one (option values left out).
    local i n=0 w
    for ((i = 2; i < COMP_CWORD; i++)); do
        w=${COMP_WORDS[i]}
        case $w in
        -f | -T | -K | -o | -G | -N | -E | --format | --engine | --output | --title | --theme | --texts | \
            --type | --relation | --exclude | --source | --min-sources | --since | --until | --around | \
            --depth | --direction | --max-length | --max-paths | --top | --component | --min-degree | \
            --cluster | --gexf | --citations | --wrap | --page | --layout-timeout | --max-nodes | --dpi | \
            --entities | --relationships | --sources)
            ((i++))
            ;;
        --between) ((i += 2)) ;;
        -*) ;;
        *) ((n++)) ;;
        esac
    done
    local names=0
    case $cmd in
    show | neighbors) names=1 ;;
    path) names=2 ;;
    list)
        if ((n == 0)); then
            COMPREPLY=($(compgen -W $'entities\nrelationships' -- "$cur"))
            return
        fi
        ;;
    esac
    if ((n < names)); then
        COMPREPLY=($(compgen -W "$(_ergraph_entities "$prog")" -- "$cur"))
        ((${#COMPREPLY[@]})) && return
    fi
    # The relationship files.
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur"))
}
complete -F _ergraph ergraph
