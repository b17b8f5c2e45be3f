// The names a reader knows (the keys of a parameter file, a scenario, a sweep plan or a witan.send
// configuration) and the message for one it does not know: a misspelt key is refused with the
// nearest known name, never ignored.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sendtwin::data {

// Edit distance (optimal string alignment): insertions, deletions, substitutions of one byte and
// swaps of two neighbouring bytes count one edit each.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The known name nearest to `name` by edit distance (the first listed among ties), or "" when
// none is near: more than max(2, a third of the name's length) edits away, or as many edits as the
// name has bytes (any one-letter name is one edit from every other).
std::string nearest_name(std::string_view name, const std::vector<std::string>& known);

// "not a known key (did you mean refused?)", or, when no known name is near,
// "not a known key (known: a, b, c)". `what` replaces "key" (e.g. "lever", "setting").
std::string unknown_name_message(std::string_view name, const std::vector<std::string>& known,
                                 std::string_view what = "key");

}  // namespace sendtwin::data
