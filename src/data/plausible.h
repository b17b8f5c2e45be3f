// The plausible range of every number the CSV readers take in (issue 15: input that must be
// refused, not computed). Each bound is a few times the largest real figure, so that every
// published file reads as before while a value no real file could hold (a negative count, 1e308
// pupils, a balance of 5,000% of income) is refused at its line with `file:line: column: ...`
// before any simulation work. The figures in the comments are the largest in the files of
// data/la and data/published and in DfE's files they are built from (../shared/data/dfe).
#pragma once
#include "data/csv.h"

namespace sendtwin::data::plausible {

// England's pupils and the counts DfE publishes for England: 8.4 million pupils in January 2015,
// 9.1 million in 2025; 20 million is more than twice that. The same bound as
// population.pupils in data/params/send.toml.
inline constexpr double kMaxEnglandCount = 2e7;
// Pupils of one LA: the largest, Kent, had some 241,000 in January 2015.
inline constexpr double kMaxLaPupils = 1e6;
// Any count DfE publishes for one LA (EHC plans, requests, assessments): none is more than its pupils,
// so none is more than the bound on pupils.
inline constexpr double kMaxLaCount = kMaxLaPupils;
// Pounds a year for one LA: the largest total DSG is £1.6bn (Kent, 2023-24).
inline constexpr double kMaxLaPounds = 1e10;
// Pounds a year for England: high needs spend is some £11bn (2024-25), the DSG some £65bn.
inline constexpr double kMaxEnglandPounds = 1e12;

inline constexpr ValueRange kEnglandCount{0, kMaxEnglandCount, "a count for England"};
inline constexpr ValueRange kLaCount{0, kMaxLaCount, "a count for one LA"};
inline constexpr ValueRange kLaPupils{0, kMaxLaPupils, "pupils of one LA"};
inline constexpr ValueRange kLaPounds{0, kMaxLaPounds, "pounds a year for one LA"};
// An adjustment to one LA's pounds, either way (the import/export adjustment: -£4.8m to +£3.3m).
inline constexpr ValueRange kLaPoundsEitherWay{-kMaxLaPounds, kMaxLaPounds, "pounds a year for one LA"};
inline constexpr ValueRange kEnglandPounds{0, kMaxEnglandPounds, "pounds for England"};
// A percentage of something that cannot exceed its whole (plans issued within 20 weeks, the share
// of pupils with a plan).
inline constexpr ValueRange kPercent{0, 100, "a percentage"};
// A cumulative DSG balance as a percentage of the year's DSG income: -15% to +7% in the published
// years; a deficit of a whole year's income is far beyond any LA's.
inline constexpr ValueRange kBalancePercent{-100, 100, "a DSG balance as a percentage of income"};
// An LA's practice relative to England's (1 = as England): 0.15 to 2.3 as derived from DfE's
// files; `calibrate --per-la` moves a request rate by at most a factor of 5 from there.
inline constexpr ValueRange kRelativeRate{0, 50, "a rate relative to England's"};
// A year a table may name: January census years and financial years by their start.
inline constexpr ValueRange kYear{1990, 2100, "a year"};

}  // namespace sendtwin::data::plausible
