// SHA-256 digests, for the checksums of pulled DfE files and of a run's inputs and outputs.
#pragma once
#include <string>
#include <string_view>

namespace sendtwin::io {

// SHA-256 of `bytes`, lower-case hex.
std::string sha256_hex(std::string_view bytes);

}  // namespace sendtwin::io
