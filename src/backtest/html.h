// The backtest's HTML report (`sendtwin backtest --report FILE`): one self-contained page, the
// charting libraries inlined (report::chart_library_scripts), with the median absolute % error over
// LAs by horizon for the model and each rival, one small chart per series (the median over origins,
// each origin's value as a point), and the terminal tables as the charts' text alternative.
#pragma once
#include <string>

#include "backtest/backtest.h"

namespace sendtwin::backtest {

std::string html_report(const Result& result);

}  // namespace sendtwin::backtest
