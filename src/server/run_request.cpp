#include "server/run_request.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

namespace sendtwin::server {

namespace {

using nlohmann::json;

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// `text` with each byte that is not part of well-formed UTF-8 replaced by U+FFFD: a parse error's
// message quotes the client's bytes, and an answer must be valid JSON.
std::string valid_utf8(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  while (i < text.size()) {
    const unsigned char c = byte(i);
    std::size_t n = c < 0x80 ? 1 : (c >= 0xc2 && c <= 0xdf) ? 2 : (c >= 0xe0 && c <= 0xef) ? 3 : (c >= 0xf0 && c <= 0xf4) ? 4 : 0;
    bool ok = n > 0 && i + n <= text.size();
    for (std::size_t k = 1; ok && k < n; ++k) ok = (byte(i + k) & 0xc0) == 0x80;
    if (ok && n == 3) ok = !(c == 0xe0 && byte(i + 1) < 0xa0) && !(c == 0xed && byte(i + 1) >= 0xa0);  // overlong, surrogate
    if (ok && n == 4) ok = !(c == 0xf0 && byte(i + 1) < 0x90) && !(c == 0xf4 && byte(i + 1) >= 0x90);  // overlong, > U+10FFFF
    if (ok) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  return out;
}

constexpr std::string_view kProgressIdForm = "id must be 8 to 32 letters and digits (the id the run was sent with as \"progress\")";
constexpr const char* kScaleRange = "scale must be a number in [0.001, 0.25] for England, [0.001, 1] for an LA";

// One lever of the body, at `path` ("levers", "local.886"): a known lever with a number in its range.
scenario::LeverSetting lever_setting(const std::string& path, const std::string& name, const json& value, int from) {
  const scenario::Lever* info = scenario::find_lever(name);
  if (!info) throw std::invalid_argument(path + ": \"" + valid_utf8(name) + "\" is not a lever");
  if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < info->lo || value.get<double>() > info->hi) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s.%s must be a number in [%g, %g]", path.c_str(), name.c_str(), info->lo, info->hi);
    throw std::invalid_argument(buf);
  }
  return {name, value.get<double>(), from, 1, 0};
}

// "local": {"886": {name: value}}: levers that act on one LA of the run alone (a scenario file's
// [la."886".levers]), from `from`; the levers that act on England's money or places are refused
// as the scenario file refuses them. A run of one LA takes that LA's own.
void read_local(const json& local, RunRequest& r, const std::function<bool(const std::string&)>& known_la, int from) {
  for (const auto& [code, levers] : local.items()) {
    const std::string shown = valid_utf8(code);
    if (!known_la(code)) throw std::invalid_argument("local: \"" + shown + "\" is not an LA of the run");
    if (!r.la.empty() && code != r.la)
      throw std::invalid_argument("local: \"" + shown + "\" is not the LA of the run (" + r.la + "): a run of one LA takes its own levers");
    if (!levers.is_object()) throw std::invalid_argument("local." + shown + " must be an object {name: value}");
    scenario::LocalLevers own{code, {}, 0};
    for (const auto& [name, value] : levers.items()) {
      auto setting = lever_setting("local." + shown, name, value, from);
      if (!scenario::acts_on_one_la(*scenario::find_lever(name)))
        throw std::invalid_argument("local." + shown + "." + name + ": " + scenario::kNotOneLa + " (send it in levers, for every LA)");
      own.levers.push_back(std::move(setting));
    }
    if (!own.levers.empty()) r.scenario.local.push_back(std::move(own));
  }
}

}  // namespace

std::string query_value(std::string_view target, std::string_view key) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return {};
  std::string_view query = target.substr(question + 1);
  const auto hex = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  };
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) != key) continue;
    const std::string_view raw = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '+') {
        out += ' ';
      } else if (raw[i] != '%') {
        out += raw[i];
      } else {
        if (i + 2 >= raw.size() || hex(raw[i + 1]) < 0 || hex(raw[i + 2]) < 0)
          throw std::invalid_argument(std::string(key) + ": a % must be followed by two hexadecimal digits");
        out += static_cast<char>(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
        i += 2;
      }
      if (out.size() > 200) throw std::invalid_argument(std::string(key) + " is over 200 bytes");
    }
    return valid_utf8(out);
  }
  return {};
}

bool is_progress_id(std::string_view id) {
  if (id.size() < 8 || id.size() > 32) return false;
  return std::all_of(id.begin(), id.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

std::string progress_id(std::string_view target) {
  std::string id = query_value(target, "id");
  if (!is_progress_id(id)) throw std::invalid_argument(std::string(kProgressIdForm));
  return id;
}

bool is_json_content_type(std::string_view value) {
  const auto semicolon = value.find(';');
  return lower(trim(value.substr(0, semicolon))) == "application/json";
}

RunRequest parse_run_request(const std::string& body, const std::function<bool(const std::string&)>& known_la, int start_year,
                             const std::vector<scenario::Scenario>& presets) {
  if (body.size() > kMaxRunBody) throw std::invalid_argument("the request body is over 16 KiB");
  json j;
  try {
    j = json::parse(body);
  } catch (const json::parse_error& e) {
    throw std::invalid_argument("the body is not JSON: " + valid_utf8(e.what()));
  } catch (const json::out_of_range&) {  // a number beyond a double's range (1e400)
    throw std::invalid_argument("the body has a number too large to represent (beyond 1.8e308)");
  } catch (const json::exception& e) {
    throw std::invalid_argument("the body is not JSON: " + valid_utf8(e.what()));
  }
  if (!j.is_object()) throw std::invalid_argument("the body must be a JSON object");
  RunRequest r;
  r.scenario.name = "levers";
  r.scenario.description = "the dashboard's levers";
  r.scenario.source = "sendtwin serve";
  int from = 2026;
  std::optional<double> scale;
  const scenario::Scenario* preset = nullptr;
  for (const auto& item : j.items()) {
    const std::string& key = item.key();  // not a structured binding: a lambda below captures it (clang 14)
    const json& value = item.value();
    auto whole = [&](int lo, int hi) {
      if (!value.is_number_integer() || value.get<long long>() < lo || value.get<long long>() > hi)
        throw std::invalid_argument(key + " must be a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
      return static_cast<int>(value.get<long long>());
    };
    if (key == "la") {
      if (!value.is_string()) throw std::invalid_argument("la must be a string: an LA code, or \"\" for England");
      r.la = value.get<std::string>();
      if (!r.la.empty() && !known_la(r.la)) throw std::invalid_argument("la: \"" + r.la + "\" is not an LA of the run");
    } else if (key == "from") {
      from = whole(2016, 2040);
    } else if (key == "to") {
      r.to = whole(start_year + 1, std::max(start_year + 1, 2040));
    } else if (key == "replicates") {
      r.replicates = whole(1, 10);
    } else if (key == "scale") {
      if (!value.is_number() || value.get<double>() < 0.001 || value.get<double>() > kLaScale)
        throw std::invalid_argument(kScaleRange);
      scale = value.get<double>();
    } else if (key == "levers") {
      if (!value.is_object()) throw std::invalid_argument("levers must be an object {name: value}");
    } else if (key == "local") {
      if (!value.is_object()) throw std::invalid_argument("local must be an object {LA code: {name: value}}");
    } else if (key == "goals") {
      if (!value.is_string()) throw std::invalid_argument("goals must be a string: the text of a goals file (goals/kent.toml's form)");
      r.goals = valid_utf8(value.get<std::string>());
    } else if (key == "goals_name") {
      if (!value.is_string() || value.get<std::string>().empty() || value.get<std::string>().size() > 100)
        throw std::invalid_argument("goals_name must be a file name of 1 to 100 bytes");
      r.goals_name = valid_utf8(value.get<std::string>());
    } else if (key == "progress") {
      if (!value.is_string() || !is_progress_id(value.get<std::string>()))
        throw std::invalid_argument("progress must be a string of 8 to 32 letters and digits (an id of the page's own choosing)");
      r.progress = value.get<std::string>();
    } else if (key == "preset") {
      std::string names;
      for (const auto& p : presets) names += (names.empty() ? "" : ", ") + p.name;
      if (!value.is_string()) throw std::invalid_argument("preset must be a string: one of " + (names.empty() ? "none" : names));
      for (const auto& p : presets)
        if (p.name == value.get<std::string>()) preset = &p;
      if (!preset)
        throw std::invalid_argument("preset: \"" + valid_utf8(value.get<std::string>()) + "\" is not a preset (" +
                                    (names.empty() ? "there are none" : names) + ")");
    } else {
      throw std::invalid_argument("\"" + key + "\" is not a field of a run (la, preset, levers, local, goals, goals_name, from, to, replicates, scale, progress)");
    }
  }
  // England's run: a share of every LA; an LA's: its funding unit alone, full scale by default.
  if (scale && r.la.empty() && *scale > kEnglandMaxScale) throw std::invalid_argument(kScaleRange);
  r.scale = scale ? *scale : r.la.empty() ? r.scale : kLaScale;
  if (!r.goals.empty() && r.la.empty())
    throw std::invalid_argument("goals: goals are an LA's (its own targets, as `la CODE --goals` takes them): choose an LA, not England");
  if (r.to <= start_year) r.to = start_year + 1;  // the default horizon, for a run that starts after it
  if (r.to < from) throw std::invalid_argument("to must not be before from");
  if (preset) {
    r.scenario.levers = preset->levers;
    r.scenario.name = preset->name;
    r.scenario.description = preset->description;
    r.scenario.source = preset->source;
  }
  if (j.contains("levers"))
    for (const auto& [name, value] : j["levers"].items()) r.scenario.levers.push_back(lever_setting("levers", name, value, from));
  if (j.contains("local")) read_local(j["local"], r, known_la, from);
  if (preset && (r.scenario.levers.size() > preset->levers.size() || !r.scenario.local.empty()))
    r.scenario.name = preset->name + " + levers";
  return r;
}

}  // namespace sendtwin::server
