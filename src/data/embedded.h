// The embedded default: files under data/ compiled into the binary (cmake/embed.cmake), so that
// `sendtwin` runs from any directory on a fresh machine.
#pragma once
#include <string_view>

namespace sendtwin::data {

// data/params/send.toml
std::string_view embedded_send_params();
// The charting libraries the HTML report inlines (web/node_modules, bundled at build time).
std::string_view embedded_vega_js();
std::string_view embedded_vega_lite_js();
std::string_view embedded_vega_embed_js();
// data/published/national.csv
std::string_view embedded_national_series();

// data/la/register.csv
std::string_view embedded_la_register();
// data/la/starts.csv (written by `sendtwin data starts`): every LA, every January 2015-2025
std::string_view embedded_la_starts();

// data/la/flows.csv (written by `sendtwin data flows`): every LA's flows by calendar year 2014-2024
std::string_view embedded_la_flows();
// data/la/plans_published.csv (written by `sendtwin data plans`)
std::string_view embedded_la_plans();
// data/la/funding.csv (written by `sendtwin data funding`)
std::string_view embedded_la_funding();
// data/la/high_needs_published.csv (England's stated totals and LAs' stated blocks, each with its source)
std::string_view embedded_high_needs_published();
// data/la/balances_reported.csv (cumulative DSG balances LAs reported to their schools forums)
std::string_view embedded_balances_reported();
// data/la/notional_reported.csv (notional SEN budgets LAs set in their schools funding formulae)
std::string_view embedded_notional_reported();
// data/published/projections.csv (data/derive/derive.py, from the facts' Projection: rows)
std::string_view embedded_projections();
// data/la/pull.csv
std::string_view embedded_pull_manifest();
// web/dashboard.html: the page of `sendtwin serve`
std::string_view embedded_dashboard_html();
// scenarios/white-paper-2026*.toml: the dashboard's preset scenarios
std::string_view embedded_white_paper_2026();
std::string_view embedded_white_paper_2026_funding_only();
std::string_view embedded_white_paper_2026_delayed();
std::string_view embedded_white_paper_2026_half_strict();
std::string_view embedded_white_paper_2026_appeals();

inline constexpr const char* kEmbeddedParamsName = "<embedded>/data/params/send.toml";
inline constexpr const char* kEmbeddedSeriesName = "<embedded>/data/published/national.csv";
inline constexpr const char* kEmbeddedRegisterName = "<embedded>/data/la/register.csv";
inline constexpr const char* kEmbeddedStartsName = "<embedded>/data/la/starts.csv";
inline constexpr const char* kEmbeddedPullName = "<embedded>/data/la/pull.csv";
inline constexpr const char* kEmbeddedLaPlansName = "<embedded>/data/la/plans_published.csv";
inline constexpr const char* kEmbeddedFlowsName = "<embedded>/data/la/flows.csv";
inline constexpr const char* kEmbeddedFundingName = "<embedded>/data/la/funding.csv";
inline constexpr const char* kEmbeddedHighNeedsName = "<embedded>/data/la/high_needs_published.csv";
inline constexpr const char* kEmbeddedBalancesName = "<embedded>/data/la/balances_reported.csv";
inline constexpr const char* kEmbeddedNotionalName = "<embedded>/data/la/notional_reported.csv";
inline constexpr const char* kEmbeddedProjectionsName = "<embedded>/data/published/projections.csv";

}  // namespace sendtwin::data
