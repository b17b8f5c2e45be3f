#include "engine/simulation.h"

#include <pthread.h>
#include <sys/resource.h>

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

// The worker threads an address-space limit (`ulimit -v`) leaves room for: each thread's stack is
// reserved from it, and starting threads until it ran out left the work itself no room to allocate
// ("out of memory" after 107 of 152 threads under 1.5 GB). At most half the limit goes to stacks,
// counted at twice the default stack size each (its guard and the thread's first allocations).
int workers_the_address_space_allows(int wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return wanted;
  std::size_t stack = 8u << 20;
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) == 0) {
    pthread_attr_getstacksize(&attr, &stack);
    pthread_attr_destroy(&attr);
  }
  const auto room = static_cast<std::size_t>(limit.rlim_cur / 2 / (2 * std::max<std::size_t>(stack, 1u << 20)));
  return static_cast<int>(std::clamp<std::size_t>(room, 1, static_cast<std::size_t>(wanted)));
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
  const int room = workers_the_address_space_allows(workers);
  if (room < workers) {
    std::lock_guard lock(g_start_failure_mutex);
    if (g_start_failure.empty())
      g_start_failure = "could start only " + std::to_string(room) + " of " + std::to_string(workers) +
                        " worker threads (the address space limit leaves room for no more)";
  }
  std::vector<std::thread> pool;
  pool.reserve(room - 1);
  // A thread the system will not start (a process limit, address space under `ulimit -v`) leaves
  // its share to the threads that did start: the chunks are taken from one counter, so the results
  // are the same on fewer threads.
  for (int t = 1; t < room; ++t) {
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
