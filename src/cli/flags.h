// What the command line accepts, checked while it is parsed (before any file is read or any run
// starts): each number flag's range (never NaN or infinity), a seed in 0..2^64-1, and, for a command
// line CLI11 refuses, the nearest command or flag to the one given and the commands that do take a
// flag this one does not.
#pragma once
#include "data/known_names.h"
#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace sendtwin::cli {

// Worker threads a flag may ask for (no flag: every core).
constexpr int kMaxThreads = 256;
// The years a flag may name: the LA table says which Januaries a run can start from (the earliest
// the data hold), and a run may go to December 2080.
constexpr int kFirstYear = 2000, kLastYear = 2080;

// A number as a person reads it: 0.001, 1e+06.
inline std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// A whole number from lo to hi (no fraction, exponent, NaN or infinity).
inline CLI::Validator whole(long long lo, long long hi) {
  const std::string range = std::to_string(lo) + " to " + std::to_string(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        long long v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size() || v < lo || v > hi)
          return "\"" + text + "\" is not allowed: give a whole number from " + range;
        return {};
      },
      range);
}

// A finite number from lo to hi.
inline CLI::Validator number(double lo, double hi) {
  const std::string range = number_text(lo) + " to " + number_text(hi);
  return CLI::Validator(
      [lo, hi, range](std::string& text) -> std::string {
        const char* begin = text.c_str();
        char* end = nullptr;
        const double v = text.empty() ? std::nan("") : std::strtod(begin, &end);
        if (text.empty() || end != begin + text.size() || !std::isfinite(v) || v < lo || v > hi)
          return "\"" + text + "\" is not allowed: give a number from " + range;
        return {};
      },
      range);
}

// Any finite number (a lever's value, which the command checks against the lever's range).
inline CLI::Validator finite_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const char* begin = text.c_str();
        char* end = nullptr;
        const double v = text.empty() ? std::nan("") : std::strtod(begin, &end);
        if (text.empty() || end != begin + text.size() || !std::isfinite(v))
          return "\"" + text + "\" is not allowed: give a finite number";
        return {};
      },
      "finite");
}

// A seed: a whole number from 0 to 2^64-1 (no sign: -1 does not wrap round to 2^64-1, nor does a
// larger number saturate to it).
inline CLI::Validator seed() {
  const std::string range = "0 to " + std::to_string(std::numeric_limits<std::uint64_t>::max());
  return CLI::Validator(
      [range](std::string& text) -> std::string {
        std::uint64_t v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size())
          return "\"" + text + "\" is not a seed: give a whole number from " + range;
        return {};
      },
      range);
}

inline std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const auto& c : candidates) {
    const std::size_t d = data::edit_distance(word, c);
    if (d < best_distance) best_distance = d, best = c;
  }
  const std::size_t allowed = word.size() < 2 ? 0 : std::min<std::size_t>(3, std::max<std::size_t>(1, word.size() / 3));
  return best_distance <= allowed ? best : std::string();
}

// "a, b and c".
inline std::string list_text(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t k = 0; k < items.size(); ++k) out += (k == 0 ? "" : k + 1 == items.size() ? " and " : ", ") + items[k];
  return out;
}

namespace detail {

inline std::vector<const CLI::App*> subcommands_of(const CLI::App* app) {
  return app->get_subcommands([](const CLI::App*) { return true; });
}

// Every name a command's options answer to: --long and -s.
inline std::vector<std::string> option_names(const CLI::App* app) {
  std::vector<std::string> out;
  for (const CLI::Option* o : app->get_options()) {
    for (const auto& l : o->get_lnames()) out.push_back("--" + l);
    for (const auto& s : o->get_snames()) out.push_back("-" + s);
  }
  return out;
}

// The command path of `app`: "runs list".
inline std::string path_of(const CLI::App* app) {
  std::string out;
  for (const CLI::App* a = app; a && a->get_parent(); a = a->get_parent()) out = a->get_name() + (out.empty() ? "" : " " + out);
  return out;
}

// The commands (at any depth, below `root`) that take an option named `name`.
inline void commands_taking(const CLI::App* root, const std::string& name, std::vector<std::string>& out) {
  for (const CLI::App* sub : subcommands_of(root)) {
    if (sub->get_option_no_throw(name)) out.push_back(path_of(sub));
    commands_taking(sub, name, out);
  }
}

// "-0.5", "1e3": a value, not a flag.
inline bool looks_like_number(const std::string& word) {
  const char* begin = word.c_str();
  char* end = nullptr;
  std::strtod(begin, &end);
  return !word.empty() && end == begin + word.size();
}

}  // namespace detail

// A command line CLI11 refused, explained where it can be: a command it does not know (with the
// nearest), no command at all, or a flag the command does not take (with the nearest of its own
// and the commands that take it). Empty when none of these is the cause (the caller then prints
// CLI11's own message).
inline std::string explain_refusal(const CLI::App& app, const std::vector<std::string>& args) {
  const CLI::App* cmd = &app;
  std::size_t i = 0;
  // The command and its subcommand: the words that name them come first.
  while (!detail::subcommands_of(cmd).empty()) {
    std::vector<std::string> names;
    for (const CLI::App* sub : detail::subcommands_of(cmd)) names.push_back(sub->get_name());
    const std::string where = cmd->get_parent() ? detail::path_of(cmd) + ": " : "";
    if (i == args.size() || (!args[i].empty() && args[i][0] == '-')) {
      if (i < args.size() && cmd->get_option_no_throw(args[i].substr(0, args[i].find('=')))) return {};  // --help
      if (i < args.size() && cmd->get_parent() == nullptr) break;  // a flag before the command: below
      return where + "give a command: " + list_text(names) + " (see sendtwin " + (cmd->get_parent() ? detail::path_of(cmd) + " " : "") + "--help)";
    }
    const CLI::App* next = nullptr;
    for (const CLI::App* sub : detail::subcommands_of(cmd))
      if (sub->check_name(args[i])) next = sub;
    if (!next) {
      const std::string near = nearest(args[i], names);
      return where + "\"" + args[i] + "\" is not a command" + (near.empty() ? "" : "; did you mean " + near + "?") +
             " (the commands: " + list_text(names) + ")";
    }
    cmd = next;
    ++i;
  }
  const std::string command = cmd->get_parent() ? detail::path_of(cmd) : "sendtwin";
  for (; i < args.size(); ++i) {
    const std::string& word = args[i];
    if (word == "--") break;
    if (word.size() < 2 || word[0] != '-' || detail::looks_like_number(word)) continue;
    const std::string name = word.substr(0, word.find('='));
    if (cmd->get_option_no_throw(name)) continue;
    std::vector<std::string> takers;
    detail::commands_taking(&app, name, takers);
    std::string message = name + ": " + (cmd->get_parent() ? cmd->get_name() : std::string("sendtwin")) + " does not take " + name;
    if (!takers.empty()) {
      message += " (" + list_text(takers) + (takers.size() == 1 ? " does" : " do") + ")";
    } else {
      // A slip: the nearest of the command's own flags, compared without their dashes.
      std::vector<std::string> bare;
      for (const auto& o : detail::option_names(cmd)) bare.push_back(o.substr(o.find_first_not_of('-')));
      const std::string near = nearest(name.substr(std::min(name.find_first_not_of('-'), name.size())), bare);
      if (!near.empty()) message += "; did you mean " + std::string(near.size() == 1 ? "-" : "--") + near + "?";
    }
    if (!cmd->get_parent()) message += "; give a command first (see sendtwin --help)";
    else message += " (see sendtwin " + command + " --help)";
    return message;
  }
  return {};
}

}  // namespace sendtwin::cli
