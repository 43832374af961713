# Writes OUT, a C file defining each of the NAMES as a NUL-terminated char
# array holding the bytes of the matching file of FILES (';'-separated).
#   cmake -DOUT=x.c -DNAMES="a;b" -DFILES="a.js;b.css" -P embed.cmake
set(text "/* Made at build time by cmake/embed.cmake: do not edit. */\n")
list(LENGTH NAMES count)
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  list(GET NAMES ${i} name)
  list(GET FILES ${i} file)
  file(READ ${file} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
  string(APPEND text "extern const char ${name}[];\nconst char ${name}[] = {\n${bytes}0x00};\n")
endforeach()
file(WRITE ${OUT} "${text}")
