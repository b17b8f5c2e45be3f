// Which area of a run an LA named on the command line is: by DfE code, ONS code, name or a short
// form of the name ("Bristol", "Hull"), with what is near when none is, and what an LA made or
// abolished around the start became.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "data/la_register.h"
#include "model/send/area.h"

namespace sendtwin::pipeline {

// The area of the run that an LA of the register is, if the run has it.
std::optional<std::size_t> area_of(const data::LaRecord& record, const std::vector<model::AreaStart>& areas);
// The area of the run that `query` names (a code, an ONS code, a name, or a short form that one LA
// of the run's name holds), or an InputError: the nearest names, the LAs a short form names, or
// the LAs that replaced (or formed) one not in the run.
std::size_t find_area(const data::LaRegister& reg, const std::string& query, const std::vector<model::AreaStart>& areas);

}  // namespace sendtwin::pipeline
