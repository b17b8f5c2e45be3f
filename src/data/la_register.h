// The register of local authorities (DESIGN.md §1 "Time and geography"): every LA with education
// responsibility that DfE published in the SEN2 caseload files, current and abolished, with both its
// codes (domain.md §4.2), its region, the January census years in which DfE published it and, for an
// abolished LA, its successors. data/derive/la_register.py writes it to data/la/register.csv:
//
//   old_la_code,new_la_code,la_name,region_code,region_name,first_period,last_period,
//   successor_old_codes,source
//
// old_la_code is DfE's 3-digit LA number ("886"); new_la_code ONS's 9-character code, E06 (unitary),
// E08 (metropolitan district), E09 (London borough) or E10 (county) and 6 digits, blank for a legacy
// LA with none; region_code E12 and 6 digits; first_period and last_period January years;
// successor_old_codes the old codes of the LAs that took over, space-separated, blank if none.
//
// Two LAs may share a name when one replaced the other (Dorset County Council 835 and Dorset Council
// 838 are both "Dorset"); a name then finds the one published more recently.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sendtwin::data {

// One LA of the register.
struct LaRecord {
  std::string old_code;                 // DfE 3-digit LA number, "886"
  std::string new_code;                 // ONS 9-character code, "E10000016"; "" if none
  std::string name;                     // as DfE publishes it, "Bristol, City of"
  std::string region_code;              // ONS region code, "E12000008"
  std::string region_name;              // "South East"
  int first_year = 0;                   // first January census for which DfE published the LA
  int last_year = 0;                    // last January census for which DfE published the LA
  std::vector<std::string> successors;  // old codes of the LAs that replaced it; empty if none
};

class LaRegister {
 public:
  // Parses register CSV text; `source_name` is the file name used in errors. Throws InputError
  // `file:line: field: message` for a missing column, a code of the wrong shape, a duplicate old or
  // new code, two LAs of one name published to the same last year, a year that is not 4 digits,
  // last_period before first_period, and a successor that is the LA itself or not in the register.
  static LaRegister parse(std::string_view csv_text, const std::string& source_name);
  // The register embedded from data/la/register.csv, parsed once.
  static const LaRegister& embedded();

  // The LA with this 3-digit old code, 9-character new code (any case) or name; names match
  // ignoring case, punctuation, word order and "and"/"&" ("Bristol, City of" = "city of bristol").
  // nullptr if none.
  const LaRecord* find(std::string_view code_or_name) const;
  // Up to `n` LA names closest to `query` by edit distance (after the same normalisation as
  // find), closest first, ties in name order: for "unknown LA: did you mean …" messages.
  std::vector<std::string> nearest_names(std::string_view query, std::size_t n = 3) const;
  // The LAs whose names hold every word of `query` (after the same normalisation): the common
  // short forms ("Bristol", "Hull", "Durham", "Stoke", "Richmond") find the one LA they name; a
  // form several names hold ("Kingston") finds them all. For the command line only: a file's
  // names must match exactly (find).
  std::vector<const LaRecord*> named_with(std::string_view query) const;
  // The LAs that existed in January of `january_year`, in register order. Within the years the
  // register covers, those published that January; after them, those published in the last one;
  // before them, those published in the first one.
  std::vector<const LaRecord*> in_existence(int january_year) const;
  // The LAs that replaced `record` (empty for an LA not abolished), in its successor order.
  std::vector<const LaRecord*> successors_of(const LaRecord& record) const;
  // Why LAs given as {old code, line of the file} cannot be added up into England's figures: a code
  // that is not a 3-digit code of the register (an unknown LA, "999"), or an LA beside one that
  // replaced it, directly or through another reorganisation (Dorset County Council 835 beside
  // Dorset Council 838: the same pupils twice). The first problem in the given order, as the index
  // of the LA to report it at (the later of two) and a sentence; nullopt if there is none.
  struct CodeProblem {
    std::size_t index;
    std::string message;
  };
  std::optional<CodeProblem> problem_adding_up(const std::vector<std::pair<std::string, int>>& las) const;
  // The number of LAs, current and abolished.
  std::size_t size() const { return records_.size(); }
  // All LAs in file order.
  const std::vector<LaRecord>& records() const { return records_; }

 private:
  std::vector<LaRecord> records_;
  std::vector<std::string> name_keys_;  // normalised name of each record, word order kept
  std::unordered_map<std::string, std::size_t> by_old_code_;
  std::unordered_map<std::string, std::size_t> by_new_code_;
  std::unordered_map<std::string, std::size_t> by_name_;  // words sorted, see find()
  int first_year_ = 0;                                    // earliest first_year in the register
  int last_year_ = 0;                                     // latest last_year in the register
};

}  // namespace sendtwin::data
