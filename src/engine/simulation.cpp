#include "engine/simulation.h"

#include <mutex>

namespace sendtwin::engine {

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
  for (int t = 1; t < workers; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace sendtwin::engine
