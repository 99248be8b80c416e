#include "catalog/virtual_instances.h"

#include <utility>

#include "catalog/ids.h"
#include "catalog/names.h"
#include "common/json.h"
#include "common/time_util.h"

namespace basalt::catalog {
namespace {

constexpr std::string_view kViPrefix = "vi/";
constexpr std::string_view kSettingsKey = "deployment_settings";
constexpr std::string_view kRrnRegion = "use1a1";

Result<Value> ParseRecord(std::string_view key, std::string_view json) {
  Result<Value> parsed = ParseJson(json, JsonParseOptions{.extended_json = false});
  if (!parsed.ok()) {
    return Corruption("catalog record '" + std::string(key) + "': " + parsed.status().message());
  }
  return parsed;
}

}  // namespace

Value VirtualInstanceInfo::ToValue() const {
  return Value::MakeObject({
      {"id", Value::String(id)},
      {"rrn", Value::String(rrn)},
      {"name", Value::String(name)},
      {"description", description ? Value::String(*description) : Value::Null()},
      {"created_at_micros", Value::Int(created_at_micros)},
      {"created_by", Value::String(created_by)},
      {"default_vi", Value::Bool(default_vi)},
  });
}

Result<VirtualInstanceInfo> VirtualInstanceInfo::FromValue(const Value& value) {
  VirtualInstanceInfo info;
  for (auto [key, out] : {std::pair{"id", &info.id},
                          {"rrn", &info.rrn},
                          {"name", &info.name},
                          {"created_by", &info.created_by}}) {
    if (!value.Get(key).is_string()) {
      return Corruption(std::string("virtual instance record lacks ") + key);
    }
    *out = std::string(value.Get(key).string_value());
  }
  if (value.Get("created_at_micros").type() != ValueType::kInt ||
      value.Get("default_vi").type() != ValueType::kBool) {
    return Corruption("virtual instance record lacks created_at_micros or default_vi");
  }
  info.created_at_micros = value.Get("created_at_micros").int_value();
  info.default_vi = value.Get("default_vi").bool_value();
  if (value.Get("description").is_string()) {
    info.description = std::string(value.Get("description").string_value());
  }
  return info;
}

std::string VirtualInstances::Key(std::string_view id) {
  return std::string(kViPrefix) + std::string(id);
}

VirtualInstances::VirtualInstances(Backend& backend)
    : backend_(backend), started_micros_(NowMicros()) {}

Result<std::unique_ptr<VirtualInstances>> VirtualInstances::Open(Backend& backend,
                                                                 const Principal& creator) {
  std::unique_ptr<VirtualInstances> vis(new VirtualInstances(backend));
  BASALT_RETURN_IF_ERROR(vis->Load(creator));
  return vis;
}

Status VirtualInstances::Load(const Principal& creator) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(Backend::KeyValues records, backend_.ScanMeta(kViPrefix));
  for (const auto& [key, json] : records) {
    BASALT_ASSIGN_OR_RETURN(Value record, ParseRecord(key, json));
    BASALT_ASSIGN_OR_RETURN(VirtualInstanceInfo info, VirtualInstanceInfo::FromValue(record));
    instances_.push_back(std::move(info));
  }
  BASALT_ASSIGN_OR_RETURN(Backend::KeyValues settings, backend_.ScanMeta(kSettingsKey));
  for (const auto& [key, json] : settings) {
    if (key != kSettingsKey) {
      continue;
    }
    BASALT_ASSIGN_OR_RETURN(Value record, ParseRecord(key, json));
    if (!record.Get("default_query_vi").is_string()) {
      return Corruption("deployment settings record lacks default_query_vi");
    }
    default_query_vi_ = std::string(record.Get("default_query_vi").string_value());
  }
  Backend::KeyValues puts;
  if (instances_.empty()) {
    VirtualInstanceInfo main;
    main.id = NewUuid();
    main.rrn = "rrn:vi:" + std::string(kRrnRegion) + ":" + main.id;
    main.name = std::string(kDefaultViName);
    main.created_at_micros = NowMicros();
    main.created_by = creator.email;
    main.default_vi = true;
    puts.emplace_back(Key(main.id), ToJson(main.ToValue()));
    instances_.push_back(std::move(main));
  }
  if (default_query_vi_.empty()) {
    default_query_vi_ = instances_.front().rrn;
    Value record = Value::MakeObject({{"default_query_vi", Value::String(default_query_vi_)}});
    puts.emplace_back(std::string(kSettingsKey), ToJson(record));
  }
  if (!puts.empty()) {
    BASALT_RETURN_IF_ERROR(backend_.WriteMeta(puts, {}));
  }
  return Status::Ok();
}

Result<size_t> VirtualInstances::IndexLocked(std::string_view id_or_rrn) const {
  for (size_t vi_idx = 0; vi_idx < instances_.size(); ++vi_idx) {
    if (instances_[vi_idx].id == id_or_rrn || instances_[vi_idx].rrn == id_or_rrn) {
      return vi_idx;
    }
  }
  return NotFound("Virtual instance '" + std::string(id_or_rrn) + "' not found");
}

std::vector<VirtualInstanceInfo> VirtualInstances::List() const {
  std::lock_guard lock(mu_);
  return instances_;
}

Result<VirtualInstanceInfo> VirtualInstances::Find(std::string_view id_or_rrn) const {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(size_t index, IndexLocked(id_or_rrn));
  return instances_[index];
}

VirtualInstanceInfo VirtualInstances::Default() const {
  std::lock_guard lock(mu_);
  for (const auto& info : instances_) {
    if (info.default_vi) {
      return info;
    }
  }
  return instances_.front();
}

Result<VirtualInstanceInfo> VirtualInstances::Update(std::string_view id_or_rrn,
                                                     const VirtualInstanceUpdate& update) {
  if (update.name) {
    BASALT_RETURN_IF_ERROR(ValidateName("virtual instance", *update.name));
  }
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(size_t index, IndexLocked(id_or_rrn));
  VirtualInstanceInfo info = instances_[index];
  if (update.name) {
    for (size_t vi_idx = 0; vi_idx < instances_.size(); ++vi_idx) {
      if (vi_idx != index && instances_[vi_idx].name == *update.name) {
        return AlreadyExists("Virtual instance '" + *update.name + "' already exists");
      }
    }
    info.name = *update.name;
  }
  if (update.description) {
    info.description = update.description;
  }
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({{Key(info.id), ToJson(info.ToValue())}}, {}));
  instances_[index] = info;
  return info;
}

std::string VirtualInstances::DefaultQueryVi() const {
  std::lock_guard lock(mu_);
  return default_query_vi_;
}

Result<std::string> VirtualInstances::SetDefaultQueryVi(std::string_view vi) {
  std::lock_guard lock(mu_);
  BASALT_ASSIGN_OR_RETURN(size_t index, IndexLocked(vi));
  std::string rrn = instances_[index].rrn;
  Value record = Value::MakeObject({{"default_query_vi", Value::String(rrn)}});
  BASALT_RETURN_IF_ERROR(backend_.WriteMeta({{std::string(kSettingsKey), ToJson(record)}}, {}));
  default_query_vi_ = rrn;
  return rrn;
}

}  // namespace basalt::catalog
