#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/backend.h"
#include "catalog/objects.h"
#include "catalog/secret_box.h"
#include "common/result.h"
#include "common/value.h"

namespace basalt::catalog {

// The mask shown instead of a secret value. Sent back in an update, it keeps the stored
// secret.
inline constexpr std::string_view kSecretMask = "********";

// The kinds of api.md §13, plus Basalt's `mysql` and `postgres`.
const std::vector<std::string_view>& IntegrationKinds();

// An integration as the API shows it: the kind object has its secrets masked.
struct IntegrationInfo {
  std::string name;
  std::optional<std::string> description;
  bool is_write_enabled = false;
  int64_t created_at_micros = 0;
  std::string created_by;
  std::optional<std::string> created_by_apikey_name;
  std::string kind;
  Value config;  // the kind object, secrets replaced by kSecretMask
};

// A validated create or update request (api.md §13). For an update, `kind` empty keeps the
// stored kind object.
struct IntegrationSpec {
  std::string name;
  std::optional<std::string> description;
  std::optional<bool> is_write_enabled;
  std::string kind;
  Value config;  // with its secrets in clear, as sent
};
// BADREQUEST for a non-object body; INVALIDINPUT for a bad name, no or several kinds, a
// missing required field or a wrongly typed one.
Result<IntegrationSpec> ParseCreateIntegrationRequest(const Value& body);
Result<IntegrationSpec> ParseUpdateIntegrationRequest(const Value& body);

// Integrations, persisted under "integration/<name>". The kind object is stored twice: with
// secrets masked (what GETs show) and whole, sealed by the SecretBox (what connectors will
// read); no secret is ever stored in clear.
// Thread-safety: all methods are safe to call concurrently.
class Integrations {
 public:
  static Result<std::unique_ptr<Integrations>> Open(Backend& backend, const SecretBox& box);

  Result<IntegrationInfo> Create(const IntegrationSpec& spec, const Principal& principal);
  Result<IntegrationInfo> Get(std::string_view name) const;
  std::vector<IntegrationInfo> List() const;
  Result<IntegrationInfo> Update(std::string_view name, const IntegrationSpec& spec);
  Result<IntegrationInfo> Delete(std::string_view name);
  // The kind object with its secrets in clear (for connectors and tests).
  Result<Value> RevealConfig(std::string_view name) const;

 private:
  struct Entry {
    IntegrationInfo info;
    std::string sealed;  // the whole kind object, sealed
  };
  Integrations(Backend& backend, const SecretBox& box) : backend_(backend), box_(box) {}
  Status PutLocked(const Entry& entry);
  Result<Entry> MakeEntry(IntegrationInfo info, const Value& clear_config) const;

  Backend& backend_;
  const SecretBox& box_;
  mutable std::shared_mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;  // guarded by mu_
};

}  // namespace basalt::catalog
