// One error type for everything a user can get wrong (STYLE.md §8): it carries the file, line and
// field and a sentence the user can act on. The CLI prints it as `file:line: field: message` and
// exits 2.
#pragma once
#include <stdexcept>
#include <string>

namespace sendtwin {

class InputError : public std::runtime_error {
 public:
  InputError(std::string file, int line, std::string field, std::string message)
      : std::runtime_error(format(file, line, field, message)),
        file_(std::move(file)),
        line_(line),
        field_(std::move(field)),
        message_(std::move(message)) {}

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& field() const { return field_; }
  const std::string& message() const { return message_; }

 private:
  static std::string format(const std::string& file, int line, const std::string& field,
                            const std::string& message) {
    std::string out;
    out.reserve(file.size() + field.size() + message.size() + 16);
    out.append(file);
    if (line > 0) out.append(":").append(std::to_string(line));
    out.append(": ");
    if (!field.empty()) out.append(field).append(": ");
    out.append(message);
    return out;
  }
  std::string file_;
  int line_;
  std::string field_;
  std::string message_;
};

}  // namespace sendtwin
