#include "core/printable.h"

#include <gtest/gtest.h>

namespace sendtwin {
namespace {

TEST(Printable, TerminalControls_AreEscaped) {
  EXPECT_EQ(printable("a\x1b[31mred\x1b[0m"), "a\\x1B[31mred\\x1B[0m");
  EXPECT_EQ(printable("over\rwrite\b\x7f"), "over\\x0Dwrite\\x08\\x7F");
  EXPECT_EQ(printable(std::string_view("nul\0", 4)), "nul\\x00");
}

TEST(Printable, BytesThatAreNotUtf8_AreEscaped) {
  EXPECT_EQ(printable("\xff\xfe"), "\\xFF\\xFE");
  EXPECT_EQ(printable("\xc3"), "\\xC3");              // cut short
  EXPECT_EQ(printable("\xc0\xaf"), "\\xC0\\xAF");     // overlong
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xED\\xA0\\x80");  // a surrogate
  EXPECT_EQ(printable("\xc2\x9b"), "\\xC2\\x9B");     // C1 control (CSI)
}

TEST(Printable, TextAndUtf8_AreKept) {
  EXPECT_EQ(printable("Café £5 — ✓ 😀\tline\nnext"), "Café £5 — ✓ 😀\tline\nnext");
}

}  // namespace
}  // namespace sendtwin
