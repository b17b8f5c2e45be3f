#include "data/la_register.h"

#include <algorithm>
#include <string>
#include <utility>

#include "core/error.h"
#include "data/csv.h"
#include "data/embedded.h"
#include "data/known_names.h"

namespace sendtwin::data {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

char to_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
char to_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// DfE's 3-digit LA number.
bool is_old_code(std::string_view code) {
  return code.size() == 3 && all_digits(code);
}

// An ONS LA code: E06, E08, E09 or E10 and 6 digits (domain.md §4.2). Upper case only.
bool is_new_code(std::string_view code) {
  if (code.size() != 9 || code[0] != 'E' || !all_digits(code.substr(1))) return false;
  const std::string_view type = code.substr(1, 2);
  return type == "06" || type == "08" || type == "09" || type == "10";
}

// An ONS region code: E12 and 6 digits.
bool is_region_code(std::string_view code) {
  return code.size() == 9 && code.substr(0, 3) == "E12" && all_digits(code.substr(3));
}

// The words of a name, lower case, without apostrophes, "and" or "&"; any other character that is
// not an ASCII letter or digit separates words.
std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  auto finish = [&] {
    if (!word.empty() && word != "and") words.push_back(word);
    word.clear();
  };
  for (char c : name) {
    const char lower = to_lower(c);
    if (c == '\'') continue;
    if (is_digit(lower) || (lower >= 'a' && lower <= 'z')) {
      word.push_back(lower);
    } else {
      finish();
    }
  }
  finish();
  return words;
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out.push_back(' ');
    out.append(word);
  }
  return out;
}

// The key find() matches names by: the words in alphabetical order.
std::string sorted_name_key(std::string_view name) {
  std::vector<std::string> words = name_words(name);
  std::sort(words.begin(), words.end());
  return join(words);
}

// The fields of a space-separated list.
std::vector<std::string> split_spaces(std::string_view text) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find_first_of(" \t", start), text.size());
    if (end > start) fields.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return fields;
}

// A January year: 4 digits.
int parse_year(const CsvTable& table, std::size_t row, std::size_t col, const std::string& field) {
  const std::string_view text = trim(table.cell(row, col));
  if (text.size() != 4 || !all_digits(text)) {
    throw InputError(table.source(), table.line(row), field,
                     "\"" + std::string(text) + "\" is not a January year (4 digits)");
  }
  return std::stoi(std::string(text));
}

}  // namespace

LaRegister LaRegister::parse(std::string_view csv_text, const std::string& source_name) {
  const CsvTable table = CsvTable::parse(csv_text, source_name);
  const std::size_t old_col = table.require_column("old_la_code");
  const std::size_t new_col = table.require_column("new_la_code");
  const std::size_t name_col = table.require_column("la_name");
  const std::size_t region_code_col = table.require_column("region_code");
  const std::size_t region_name_col = table.require_column("region_name");
  const std::size_t first_col = table.require_column("first_period");
  const std::size_t last_col = table.require_column("last_period");
  const std::size_t successors_col = table.require_column("successor_old_codes");

  LaRegister reg;
  auto fail = [&](std::size_t row, const std::string& field, const std::string& message) {
    throw InputError(table.source(), table.line(row), field, message);
  };
  for (std::size_t row = 0; row < table.rows(); ++row) {
    LaRecord record;
    record.old_code = std::string(trim(table.cell(row, old_col)));
    if (!is_old_code(record.old_code)) {
      fail(row, "old_la_code", "\"" + record.old_code + "\" is not a 3-digit DfE LA code");
    }
    record.new_code = std::string(trim(table.cell(row, new_col)));
    if (!record.new_code.empty() && !is_new_code(record.new_code)) {
      fail(row, "new_la_code",
           "\"" + record.new_code + "\" is not an ONS LA code (E06, E08, E09 or E10 and 6 digits)");
    }
    record.name = std::string(trim(table.cell(row, name_col)));
    if (name_words(record.name).empty()) fail(row, "la_name", "an LA needs a name");
    record.region_code = std::string(trim(table.cell(row, region_code_col)));
    if (!is_region_code(record.region_code)) {
      fail(row, "region_code", "\"" + record.region_code + "\" is not an ONS region code (E12 and 6 digits)");
    }
    record.region_name = std::string(trim(table.cell(row, region_name_col)));
    record.first_year = parse_year(table, row, first_col, "first_period");
    record.last_year = parse_year(table, row, last_col, "last_period");
    if (record.last_year < record.first_year) {
      fail(row, "last_period",
           std::to_string(record.last_year) + " is before first_period " + std::to_string(record.first_year));
    }
    for (const std::string& code : split_spaces(table.cell(row, successors_col))) {
      if (!is_old_code(code))
        fail(row, "successor_old_codes", "\"" + code + "\" is not a 3-digit DfE LA code");
      if (code == record.old_code) fail(row, "successor_old_codes", "an LA cannot succeed itself");
      if (std::find(record.successors.begin(), record.successors.end(), code) != record.successors.end()) {
        fail(row, "successor_old_codes", "successor " + code + " is listed twice");
      }
      record.successors.push_back(code);
    }

    const std::size_t index = reg.records_.size();
    if (const auto [it, added] = reg.by_old_code_.emplace(record.old_code, index); !added) {
      fail(row, "old_la_code",
           "duplicate code " + record.old_code + " (also on line " + std::to_string(table.line(it->second)) +
               ")");
    }
    if (!record.new_code.empty()) {
      if (const auto [it, added] = reg.by_new_code_.emplace(record.new_code, index); !added) {
        fail(row, "new_la_code",
             "duplicate code " + record.new_code + " (also on line " +
                 std::to_string(table.line(it->second)) + ")");
      }
    }
    // A shared name finds the LA published more recently.
    if (const auto [it, added] = reg.by_name_.emplace(sorted_name_key(record.name), index); !added) {
      const LaRecord& other = reg.records_[it->second];
      if (other.last_year == record.last_year) {
        fail(row, "la_name",
             "\"" + record.name + "\" is also the name of " + other.old_code + " (line " +
                 std::to_string(table.line(it->second)) + "), published to the same year");
      }
      if (record.last_year > other.last_year) it->second = index;
    }
    reg.first_year_ = index == 0 ? record.first_year : std::min(reg.first_year_, record.first_year);
    reg.last_year_ = index == 0 ? record.last_year : std::max(reg.last_year_, record.last_year);
    reg.name_keys_.push_back(join(name_words(record.name)));
    reg.records_.push_back(std::move(record));
  }
  for (std::size_t row = 0; row < reg.records_.size(); ++row) {
    for (const std::string& code : reg.records_[row].successors) {
      if (!reg.by_old_code_.contains(code)) {
        fail(row, "successor_old_codes", "successor " + code + " is not in the register");
      }
    }
  }
  return reg;
}

const LaRegister& LaRegister::embedded() {
  static const LaRegister reg = parse(embedded_la_register(), kEmbeddedRegisterName);
  return reg;
}

std::optional<LaRegister::CodeProblem> LaRegister::problem_adding_up(
    const std::vector<std::pair<std::string, int>>& las) const {
  // The old codes of every LA that replaced each given LA, through any number of reorganisations.
  std::vector<std::vector<std::string>> later(las.size());
  // The LAs given so far that some LA later replaced: only a pair with one of them in it can count
  // pupils twice. Most LAs were never reorganised, and a file's rows (one an LA and a year) are
  // many: comparing every pair was a quarter of the profile of one LA's bench (Camden's fit and
  // 20 replicates, `sendtwin_bench la 202`).
  std::vector<std::size_t> replaced_so_far;
  for (std::size_t k = 0; k < las.size(); ++k) {
    const std::string& code = las[k].first;
    const auto it = is_old_code(code) ? by_old_code_.find(code) : by_old_code_.end();
    if (it == by_old_code_.end()) {
      return CodeProblem{k, quote_for_message(code) + " is not the 3-digit code of an LA in the register (data/la/register.csv)"};
    }
    std::vector<const LaRecord*> pending{&records_[it->second]};
    while (!pending.empty()) {
      const LaRecord* record = pending.back();
      pending.pop_back();
      for (const LaRecord* successor : successors_of(*record)) {
        if (std::find(later[k].begin(), later[k].end(), successor->old_code) != later[k].end()) continue;
        later[k].push_back(successor->old_code);
        pending.push_back(successor);
      }
    }
    // Every earlier LA if this one was replaced, else those earlier that were, in order: the
    // first pair found is the one the search over all pairs finds.
    const std::size_t candidates = later[k].empty() ? replaced_so_far.size() : k;
    for (std::size_t c = 0; c < candidates; ++c) {
      const std::size_t j = later[k].empty() ? replaced_so_far[c] : c;
      const auto replaced = [&](std::size_t a, std::size_t b) {  // b took over from a
        return std::find(later[a].begin(), later[a].end(), las[b].first) != later[a].end();
      };
      if (!replaced(j, k) && !replaced(k, j)) continue;
      const std::size_t old_la = replaced(j, k) ? j : k, new_la = old_la == j ? k : j;
      const LaRecord& before = *find(las[old_la].first);
      const LaRecord& after = *find(las[new_la].first);
      return CodeProblem{
          k, "LA " + after.old_code + " (" + after.name + ") replaced LA " + before.old_code + " (" + before.name +
                 "), which is on line " + std::to_string(las[j].second) +
                 ": their pupils would be counted twice; keep the LAs before the reorganisation or those after it"};
    }
    if (!later[k].empty()) replaced_so_far.push_back(k);
  }
  return std::nullopt;
}

const LaRecord* LaRegister::find(std::string_view code_or_name) const {
  const std::string_view text = trim(code_or_name);
  const std::unordered_map<std::string, std::size_t>* index = &by_name_;
  std::string key;
  if (is_old_code(text)) {
    index = &by_old_code_;
    key = std::string(text);
  } else {
    std::string upper(text);
    std::transform(upper.begin(), upper.end(), upper.begin(), to_upper);
    if (is_new_code(upper)) {
      index = &by_new_code_;
      key = std::move(upper);
    } else {
      key = sorted_name_key(text);
    }
  }
  const auto it = index->find(key);
  return it == index->end() ? nullptr : &records_[it->second];
}

std::vector<const LaRecord*> LaRegister::named_with(std::string_view query) const {
  const std::vector<std::string> words = name_words(query);
  std::vector<const LaRecord*> out;
  if (words.empty()) return out;
  for (const auto& r : records_) {
    const std::vector<std::string> name = name_words(r.name);
    if (std::all_of(words.begin(), words.end(), [&](const std::string& w) { return std::find(name.begin(), name.end(), w) != name.end(); }))
      out.push_back(&r);
  }
  return out;
}

std::vector<std::string> LaRegister::nearest_names(std::string_view query, std::size_t n) const {
  const std::string key = join(name_words(query));
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (std::size_t i = 0; i < records_.size(); ++i) {
    scored.emplace_back(edit_distance(key, name_keys_[i]), records_[i].name);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> names;
  for (const auto& [distance, name] : scored) {
    if (names.size() == n) break;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

std::vector<const LaRecord*> LaRegister::in_existence(int january_year) const {
  const int year = std::clamp(january_year, first_year_, std::max(first_year_, last_year_));
  std::vector<const LaRecord*> out;
  for (const LaRecord& record : records_) {
    if (record.first_year <= year && year <= record.last_year) out.push_back(&record);
  }
  return out;
}

std::vector<const LaRecord*> LaRegister::successors_of(const LaRecord& record) const {
  std::vector<const LaRecord*> out;
  for (const std::string& code : record.successors) {
    if (const auto it = by_old_code_.find(code); it != by_old_code_.end())
      out.push_back(&records_[it->second]);
  }
  return out;
}

}  // namespace sendtwin::data
