// The population store: structure of arrays. A model registers its columns once; the engine grows,
// compacts and measures them without knowing what they mean.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sendtwin::engine {

class ColumnBase {
 public:
  virtual ~ColumnBase() = default;
  virtual void resize(std::size_t n) = 0;
  virtual void reserve(std::size_t n) = 0;
  // Keeps the rows whose flag is set, in order (stable), and shrinks to their count.
  virtual void compact(const std::vector<std::uint8_t>& keep) = 0;
  virtual std::size_t bytes_per_row() const = 0;
  virtual std::size_t capacity_bytes() const = 0;
};

template <class T>
class Column final : public ColumnBase {
 public:
  std::vector<T> values;
  void resize(std::size_t n) override { values.resize(n); }
  void reserve(std::size_t n) override { values.reserve(n); }
  void compact(const std::vector<std::uint8_t>& keep) override {
    // Branch-free: every row is written to the next free slot, which moves on only when it is
    // kept (out <= i, so no row is overwritten before it is read).
    std::size_t out = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
      values[out] = values[i];
      out += keep[i] != 0;
    }
    values.resize(out);
  }
  std::size_t bytes_per_row() const override { return sizeof(T); }
  std::size_t capacity_bytes() const override { return values.capacity() * sizeof(T); }
  T& operator[](std::size_t i) { return values[i]; }
  const T& operator[](std::size_t i) const { return values[i]; }
};

class Population {
 public:
  template <class T>
  Column<T>& add_column(std::string name) {
    auto column = std::make_unique<Column<T>>();
    Column<T>& ref = *column;
    ref.resize(size_);
    names_.push_back(std::move(name));
    columns_.push_back(std::move(column));
    return ref;
  }

  std::size_t size() const { return size_; }
  void resize(std::size_t n) {
    for (auto& c : columns_) c->resize(n);
    size_ = n;
  }
  void reserve(std::size_t n) {
    for (auto& c : columns_) c->reserve(n);
  }
  // Appends `n` default-initialised rows and returns the index of the first.
  std::size_t append(std::size_t n) {
    const std::size_t first = size_;
    resize(size_ + n);
    return first;
  }
  // `for_each_column(n, f)` runs f(k) for k in [0, n), possibly in parallel: columns are
  // independent, so a caller may pass the engine's parallel_for_chunks.
  template <class ForEach>
  void compact(const std::vector<std::uint8_t>& keep, ForEach&& for_each_column) {
    if (keep.size() != size_) throw std::invalid_argument("compact: one flag per agent is needed");
    std::size_t kept = 0;
    for (auto k : keep) kept += k != 0;
    for_each_column(columns_.size(), [&](std::size_t k) { columns_[k]->compact(keep); });
    size_ = kept;
  }
  void compact(const std::vector<std::uint8_t>& keep) {
    compact(keep, [](std::size_t n, auto&& f) {
      for (std::size_t k = 0; k < n; ++k) f(k);
    });
  }
  // Bytes of state one agent carries (the sum of its column widths).
  std::size_t bytes_per_agent() const {
    std::size_t bytes = 0;
    for (const auto& c : columns_) bytes += c->bytes_per_row();
    return bytes;
  }
  std::size_t allocated_bytes() const {
    std::size_t bytes = 0;
    for (const auto& c : columns_) bytes += c->capacity_bytes();
    return bytes;
  }
  const std::vector<std::string>& column_names() const { return names_; }

 private:
  std::size_t size_ = 0;
  std::vector<std::string> names_;
  std::vector<std::unique_ptr<ColumnBase>> columns_;
};

}  // namespace sendtwin::engine
