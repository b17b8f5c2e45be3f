// Reads the SEND model's parameters from TOML (data/params/send.toml is the embedded default).
// Every parameter is a table with `value` (or the fields of a trend) and a non-empty `source`.
// Errors: InputError `file:line: field: what is wrong`.
#pragma once
#include <string>
#include <string_view>

#include "data/la_register.h"
#include "data/la_register.h"
#include "finance/finance.h"
#include "model/send/params.h"

namespace sendtwin::data {

model::SendParams parse_send_params(std::string_view toml_text, const std::string& source_name);
model::SendParams load_send_params_file(const std::string& path);

// The [finance] tables of the same file (src/finance): place funding, top-ups, prices, funding, the
// decisions of 2025-26 (write_off_withheld names LAs of `la_register`).
finance::FinanceParams parse_finance_params(std::string_view toml_text, const std::string& source_name,
                                            const LaRegister& la_register = LaRegister::embedded());
finance::FinanceParams load_finance_params_file(const std::string& path);

}  // namespace sendtwin::data
