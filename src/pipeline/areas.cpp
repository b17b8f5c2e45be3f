#include "pipeline/areas.h"

#include <string>

#include "core/error.h"

namespace sendtwin::pipeline {

std::optional<std::size_t> area_of(const data::LaRecord& record, const std::vector<model::AreaStart>& areas) {
  for (std::size_t k = 0; k < areas.size(); ++k)
    if (areas[k].code == record.old_code) return k;
  return std::nullopt;
}

std::size_t find_area(const data::LaRegister& reg, const std::string& query, const std::vector<model::AreaStart>& areas) {
  const data::LaRecord* record = reg.find(query);
  if (!record) {
    // A short form ("Bristol", "Hull", "Durham"): the one LA of the run whose name holds it.
    std::vector<const data::LaRecord*> named;
    for (const auto* r : reg.named_with(query))
      if (area_of(*r, areas)) named.push_back(r);
    if (named.size() == 1) return *area_of(*named.front(), areas);
    if (named.size() > 1) {
      std::string which;
      for (const auto* r : named) which += (which.empty() ? "" : ", ") + r->name + " (" + r->old_code + ")";
      throw InputError("la", 0, query, "names more than one local authority: " + which);
    }
    std::string near;
    for (const auto& name : reg.nearest_names(query, 3)) near += (near.empty() ? "" : ", ") + name;
    throw InputError("la", 0, query, "no such local authority; nearest names: " + near);
  }
  if (const auto k = area_of(*record, areas)) return *k;
  // An LA formed after the start: name the LAs it came from; one abolished before it: those that
  // replaced it.
  std::string from, into;
  for (const auto& r : reg.records())
    for (const auto* s : reg.successors_of(r))
      if (s->old_code == record->old_code) from += (from.empty() ? "" : ", ") + r.name + " (" + r.old_code + ")";
  for (const auto* s : reg.successors_of(*record))
    if (area_of(*s, areas)) into += (into.empty() ? "" : ", ") + s->name + " (" + s->old_code + ")";
  throw InputError("la", 0, query,
                   record->name + " (" + record->old_code + ") did not exist in January " + std::to_string(areas.front().year) + ", where the run starts" +
                       (!from.empty() ? "; it was formed from " + from + ": ask for one of those"
                        : !into.empty() ? "; it was replaced by " + into + ": ask for one of those"
                                        : std::string()));
}

}  // namespace sendtwin::pipeline
