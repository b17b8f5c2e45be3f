// One local authority against England and the LAs most like it (`sendtwin la`), and the spread of
// every measure across LAs (`sendtwin variation`).
//
// Similarity: LAs are compared on what DfE published about them for the January of the start, the state
// each one starts from (data::read_la_starts): the size of its school population (log pupils),
// its EHC plans per 1,000 pupils, the shares of its plans in mainstream (with units), in state
// special and in independent special schools, the share of its plans held by 16-25 year olds, and
// its practice relative to England (requests per pupil, refusals per request, plans within 20
// weeks, plans per completed assessment). Each characteristic is standardised across LAs (z-score) and weighs the same; the most
// similar LAs are the nearest in that space (Euclidean distance, ties in LA code order).
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "data/la_flows.h"
#include "finance/finance.h"
#include "model/send/area.h"
#include "report/results.h"

namespace sendtwin::report {

// The characteristics above for every area, standardised: [area][characteristic].
std::vector<std::vector<double>> similarity_features(const std::vector<model::AreaStart>& areas);
// The `n` areas most similar to `target` (never itself), nearest first.
std::vector<std::size_t> most_similar(const std::vector<model::AreaStart>& areas, std::size_t target, std::size_t n);

// A measure as LAs are compared on it: counts per 10,000 pupils of the LA in the same year
// (January pupils), percentages as they are; NaN where the table has no value. `pupils_measure`
// is the index of the pupils measure in measures::pupils().
double comparable_value(const ResultTable& table, std::size_t measure, int year);

// The comparison of `target` with England and `similar` for each of `years`: per measure, the LA's
// value, England's (no column when `england` is null: a run of some LAs has no England), the median
// of the similar LAs and the LA's rank among the LAs of `las` (1 = highest).
std::string render_la_comparison(const std::vector<ResultTable>& las, const ResultTable* england, std::size_t target,
                                 const std::vector<std::size_t>& similar, const std::vector<int>& years);

// The LA's run across its replicates, year by year: EHC plans in January, requests and new plans in
// the calendar year, each as its mean and 90% interval (5th to 95th percentile of the replicates),
// and the cumulative DSG balance at each financial year's end of `ledger` ([replicate], the LA's own
// ledger or the one it shares; empty: none), in £m. `drawn`: each replicate drew the uncertain
// parameters (said in the heading). Empty with one replicate.
std::string render_la_intervals(const ResultTable& la, const std::vector<const finance::Ledger*>& ledger, bool drawn);

// The spread of each measure across LAs in `year` (values as comparable_value): quartiles, the
// ratio of the upper to the lower quartile, and how many LAs lie outside the 99.8% limits of a
// funnel plot around England's rate (a binomial rate with the LA's pupils, or for % within 20
// weeks its new plans, as the denominator). Then how much of the spread the LAs' inputs explain:
// `same_practice` is the run with every LA's practice set to England's (only the LAs' starting
// state and size differ), and the variance across LAs there over the variance in the full run is
// the share explained by the inputs; the rest is practice (and their interaction). Monte Carlo
// noise is part of both variances.
std::string render_variation(const std::vector<ResultTable>& las, const std::vector<ResultTable>& same_practice,
                             const ResultTable& england, int year);

// An LA's EHC plans (0-25) in January, model against its published series, first..last.
std::string render_la_validation(const ResultTable& la, const std::map<int, double>& published, int first, int last);
// Across LAs, the model's error on each LA's own published EHC plans in `years`: quartiles of the
// % difference and the share of LAs within 10% (LAs with a published figure under their code at the start).
std::string render_la_errors(const std::vector<ResultTable>& las,
                             const std::map<std::string, std::map<int, double>>& published, const std::vector<int>& years);

// What DfE published about one LA (`code`), as the rows of a published series (measure, geography,
// period, value, unit, source; data::PublishedSeries::parse reads it): its EHC plans 0-25 by January
// (SEN2, `plans`), its flows by calendar year where published (requests, refusals to assess, new
// plans, % within 20 weeks, plans ceased: `flows`, data/la/flows.csv) and its plans in state and
// independent special schools by January from its published starts (`starts`: the start and the
// Januaries before it). The LA report charts them beside the model.
std::string la_published_csv(const std::string& code, const std::string& name, const std::map<int, double>& plans,
                             const std::vector<data::LaFlow>& flows, const std::vector<const model::AreaStart*>& starts);

}  // namespace sendtwin::report
