#include "data/known_names.h"

#include <algorithm>
#include <numeric>

namespace sendtwin::data {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: three rows of the dynamic programme are enough.
  std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
  std::iota(previous.begin(), previous.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) row[j] = std::min(row[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, row);
  }
  return previous[b.size()];
}

std::string nearest_name(std::string_view name, const std::vector<std::string>& known) {
  // At most a third of the name (two edits for a short one), and never the whole of it.
  const std::size_t limit = std::min(std::max<std::size_t>(2, name.size() / 3), name.size() > 0 ? name.size() - 1 : 0);
  if (limit == 0) return "";
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const auto& k : known) {
    const std::size_t d = edit_distance(name, k);
    if (d < best_distance) {
      best_distance = d;
      best = k;
    }
  }
  return best;
}

std::string unknown_name_message(std::string_view name, const std::vector<std::string>& known, std::string_view what) {
  std::string out = "not a known " + std::string(what);
  const std::string near = nearest_name(name, known);
  if (!near.empty()) return out + " (did you mean " + near + "?)";
  out += " (known: ";
  for (std::size_t k = 0; k < known.size(); ++k) out += (k ? ", " : "") + known[k];
  return out + ")";
}

}  // namespace sendtwin::data
