// When the system will not start a worker thread (a process limit, `ulimit -v`), the work runs on
// the threads that did start, with the same result, instead of std::terminate (issue 15).
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <string>

#include "engine/simulation.h"

namespace sendtwin::engine {
namespace {

// This process's address space in bytes (VmSize), or 0.
std::size_t address_space() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmSize:") {
      std::size_t kib = 0;
      status >> kib;
      return kib << 10;
    }
  }
  return 0;
}

TEST(ParallelForChunks, ThreadsTheSystemWillNotStart_AreDoneWithout) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer reserves more address space than any limit allows";
#endif
  const std::size_t used = address_space();
  if (used == 0) GTEST_SKIP() << "no /proc/self/status";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Room for a few 8 MiB thread stacks, not for 1000.
    const rlimit limit{used + (64u << 20), used + (64u << 20)};
    if (::setrlimit(RLIMIT_AS, &limit) != 0) ::_exit(3);
    std::atomic<long> sum{0};
    parallel_for_chunks(1000, 1000, [&](std::size_t c) { sum += static_cast<long>(c); });
    if (sum != 999L * 1000 / 2) ::_exit(4);
    if (thread_start_failure().find("could start only") == std::string::npos) ::_exit(5);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the child died of signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  EXPECT_EQ(WEXITSTATUS(status), 0) << "3: setrlimit failed, 4: wrong sum, 5: no thread failed to start";
}

}  // namespace
}  // namespace sendtwin::engine
