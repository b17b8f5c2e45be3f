# Turns a data file into a C++ function returning its bytes: cmake -DINPUT=.. -DOUTPUT=.. -DNAME=.. -P embed.cmake
file(READ "${INPUT}" content HEX)
string(LENGTH "${content}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
# Every byte as a \xNN escape, 32 bytes to a line of one long string literal.
set(lines "")
set(offset 0)
while(offset LESS hex_length)
  string(SUBSTRING "${content}" ${offset} 64 chunk)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "\\\\x\\1" chunk "${chunk}")
  string(APPEND lines "    \"${chunk}\"\n")
  math(EXPR offset "${offset} + 64")
endwhile()
file(WRITE "${OUTPUT}" "// Generated from ${INPUT} by cmake/embed.cmake. Do not edit.\n#include <string_view>\nnamespace sendtwin::data {\nnamespace {\nconst char k${NAME}[] =\n${lines}    \"\";\n}  // namespace\nstd::string_view ${NAME}() { return std::string_view(k${NAME}, ${byte_count}); }\n}  // namespace sendtwin::data\n")
