#include "engine/simulation.h"

#include <cstring>
#include <mutex>
#include <system_error>

namespace sendtwin::engine {

namespace {

// The first failure to start a worker thread, for thread_start_failure().
std::mutex g_start_failure_mutex;
std::string g_start_failure;

void note_start_failure(const std::system_error& e, int started, int wanted) {
  std::lock_guard lock(g_start_failure_mutex);
  if (!g_start_failure.empty()) return;
  g_start_failure = "could start only " + std::to_string(started) + " of " + std::to_string(wanted) +
                    " worker threads (" + std::strerror(e.code().value()) + ")";
}

}  // namespace

std::string thread_start_failure() {
  std::lock_guard lock(g_start_failure_mutex);
  return g_start_failure;
}

void parallel_for_chunks(std::size_t chunks, int threads,
                         const std::function<void(std::size_t)>& f) {
  const int workers = static_cast<int>(std::min<std::size_t>(std::max(threads, 1), chunks));
  if (workers <= 1) {
    for (std::size_t c = 0; c < chunks; ++c) f(c);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto work = [&] {
    for (std::size_t c = next.fetch_add(1); c < chunks; c = next.fetch_add(1)) {
      try {
        f(c);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  // A thread the system will not start (a process limit, address space under `ulimit -v`) leaves
  // its share to the threads that did start: the chunks are taken from one counter, so the results
  // are the same on fewer threads.
  for (int t = 1; t < workers; ++t) {
    try {
      pool.emplace_back(work);
    } catch (const std::system_error& e) {
      note_start_failure(e, t, workers);
      break;
    }
  }
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace sendtwin::engine
