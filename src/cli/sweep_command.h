// `sendtwin sweep PLAN.toml [--out DIR]`, under `mpirun -n K` when built with MPI (src/sweep).
#pragma once
#include <string>

#include "pipeline/scenarios.h"

namespace sendtwin::cli {

// Returns the exit status: 0, 1 (a rank failed on an item: reported with the item, nothing
// written) or 2 (bad input). Initialises and finalises MPI when built with it.
int sweep_command(const std::string& plan_path, const std::string& out, const pipeline::RunPlan& spec, bool quiet);
bool built_with_mpi();

}  // namespace sendtwin::cli
