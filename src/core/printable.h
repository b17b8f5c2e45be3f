// Text that came from outside (a file's bytes, a flag's value) made safe to print on a terminal:
// raw binary never reaches it (issue 15).
#pragma once
#include <string>
#include <string_view>

namespace sendtwin {

// `text` with every byte a terminal could act on written as \xNN: control characters other than
// line feed and tab (escape sequences, carriage return, backspace), DEL, the C1 controls
// (U+0080-U+009F) and bytes that are not valid UTF-8. Valid UTF-8 text (Café, £) is kept as it is.
std::string printable(std::string_view text);

}  // namespace sendtwin
