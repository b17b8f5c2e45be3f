// `la --xlsx FILE` (issue 20): the workbook an LA officer works from. Each sheet is a formatted
// table, never a tidy dump: the LA's measures and England's by year (counts, percentages, money in
// GBP thousands), its DSG ledger by financial year, its most similar LAs, then the returns DfE asks
// of it (report/returns.h).
#pragma once
#include <vector>

#include "finance/finance.h"
#include "measures/table.h"
#include "report/returns.h"
#include "report/xlsx.h"

namespace sendtwin::report {

struct LaWorkbookInput {
  const measures::ResultTable* la = nullptr;
  const measures::ResultTable* england = nullptr;  // none: no England sheet (a run of some LAs)
  std::vector<const measures::ResultTable*> similar;  // the LA's most similar LAs
  ReturnsInput returns;
  std::vector<Sheet> front;  // sheets before all others (the LA's own figures, `la --local`)
  std::vector<Sheet> extra;  // sheets of the command's other options (goals), after the LA's
};

std::vector<Sheet> la_workbook(const LaWorkbookInput& in);

// One block of a ResultTable: a row a pupil measure (its label, unit and period), a column a year,
// the mean over replicates in the measure's format.
Block measure_block(const measures::ResultTable& table);
// A ledger's rows (measures::ledger_rows), a column a financial year, mean over replicates.
Block ledger_block(const std::vector<std::vector<finance::Ledger>>& ledgers);

}  // namespace sendtwin::report
